"""Small shared pieces every domain uses: time, masking, events, content problems, i18n helpers."""
