from elearn.core.masking import mask_card, mask_employee_no, mask_name


def test_chinese_name_keeps_family_name_only():
    assert mask_name("王小明") == "王**"
    assert mask_name("欧阳娜娜") == "欧***"


def test_rare_character_outside_bmp_counts_once():
    assert mask_name("𠀾明") == "𠀾*"


def test_latin_names_mask_each_part():
    assert mask_name("Alice Smith") == "A**** S****"


def test_empty_and_single_character_names():
    assert mask_name("") == ""
    assert mask_name("王") == "*"


def test_card_shows_last_four_digits_only():
    assert mask_card("6222021234564821") == "**** **** **** 4821"
    assert mask_card("4821") == "**** **** **** 4821"
    assert mask_card("") == "****"


def test_employee_number_keeps_last_three():
    assert mask_employee_no("E10029") == "***029"
    assert mask_employee_no("E1") == "**"
