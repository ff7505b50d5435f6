"""Extract, update and compile the translation catalogs: one per domain package, plus the platform's.

    python scripts/i18n.py update    # extract msgids and merge them into each zh_CN catalog
    python scripts/i18n.py compile   # compile .po to .mo (make setup runs this)
    python scripts/i18n.py check     # list msgids without a Chinese translation, or translated two ways; exit 1 if any
    python scripts/i18n.py fill elearn/<domain>/translations zh.yml   # add translations from a YAML mapping
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "elearn"
LOCALE = "zh"
PLATFORM_INPUTS = ["templates", "__init__.py", "errors.py", "templating.py", "core"]


def scopes() -> dict[Path, list[Path]]:
    """Catalog directory -> the source paths whose strings it holds."""
    result = {PKG / "translations": [PKG / p for p in PLATFORM_INPUTS if (PKG / p).exists()]}
    for child in sorted(PKG.iterdir()):
        if child.is_dir() and (child / "__init__.py").exists() and child.name not in ("core", "migrations"):
            result[child / "translations"] = [child]
    return result


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def update() -> None:
    for catalog_dir, inputs in scopes().items():
        pot = catalog_dir / "messages.pot"
        catalog_dir.mkdir(exist_ok=True)
        pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "-w", "120", "-o", str(pot),
                *[str(p) for p in inputs])
        po = catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(pot), "-d", str(catalog_dir), "-l", LOCALE, "--no-fuzzy-matching",
                    "--ignore-obsolete", "-w", "120")
        else:
            pybabel("init", "-i", str(pot), "-d", str(catalog_dir), "-l", LOCALE, "-w", "120")
        pot.unlink()


def compile_all() -> None:
    for catalog_dir in scopes():
        if (catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po").exists():
            pybabel("compile", "-d", str(catalog_dir), "-l", LOCALE, "--use-fuzzy")


def catalogs():
    """(catalog directory, .po path, parsed catalog) of every Chinese catalog that exists."""
    for catalog_dir in scopes():
        po = catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po"
        if po.exists():
            with po.open("rb") as fh:
                yield catalog_dir, po, read_po(fh)


def untranslated() -> list[str]:
    """`file: msgid` for every message that has no Chinese translation."""
    missing = []
    for _, po, catalog in catalogs():
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
            if not all(strings):
                missing.append(f"{po.relative_to(ROOT)}: {message.id!r}")
    return missing


def conflicts() -> list[str]:
    """Msgids translated differently in two catalogs. The app merges every domain's catalog into one, the later
    domain overriding the earlier, so only one of the translations can ever be shown: give the strings one
    wording, or different msgids."""
    seen: dict[str, dict[str, str]] = {}
    for catalog_dir, _, catalog in catalogs():
        for message in catalog:
            if message.id and message.string:
                key = message.id if isinstance(message.id, str) else message.id[0]
                seen.setdefault(key, {})[catalog_dir.parent.name] = str(message.string)
    return [f"{mid!r}: " + ", ".join(f"{domain} {text!r}" for domain, text in sorted(by.items()))
            for mid, by in sorted(seen.items()) if len(set(by.values())) > 1]


def extracted(inputs: list[Path]) -> set[str]:
    """Every msgid the source files use, read the same way `update` reads them."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    found: set[str] = set()
    for path in inputs:
        if path.is_dir():
            messages = (m[2] for m in extract_from_dir(str(path), method_map, keywords=keywords))
        else:
            method = "jinja2" if path.suffix == ".html" else "python"
            messages = (m[1] for m in extract_from_file(method, str(path), keywords=keywords))
        for message in messages:
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def not_in_catalogs() -> list[str]:
    """`catalog: msgid` for strings used in the code but missing from their catalog (run `update`)."""
    missing = []
    for catalog_dir, inputs in scopes().items():
        po = catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po"
        ids = set()
        if po.exists():
            with po.open("rb") as fh:
                ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        missing += [f"{po.relative_to(ROOT)}: {mid!r}" for mid in sorted(extracted(inputs) - ids)]
    return missing


def fill(catalog_dir: Path, mapping_file: Path) -> int:
    """Set translations from a YAML mapping {msgid: translation}; returns how many were set."""
    import yaml

    mapping = yaml.safe_load(mapping_file.read_text(encoding="utf-8")) or {}
    po = catalog_dir / LOCALE / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    count = 0
    for message in catalog:
        if message.id and message.id in mapping:
            message.string = mapping[message.id]
            message.flags.discard("fuzzy")
            count += 1
    with po.open("wb") as fh:
        write_po(fh, catalog, width=120)
    return count


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = untranslated() + [f"translated differently: {c}" for c in conflicts()]
        print("\n".join(problems) or "all messages translated")
        sys.exit(1 if problems else 0)
    elif command == "fill":
        print(f"{fill(ROOT / sys.argv[2], Path(sys.argv[3]))} translations set")
    else:
        sys.exit(__doc__)
