"""Reading one question of a quiz file into a Question, with problems named by line (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from elearn.courses.markdown import citation_problems
from elearn.quizzes.bank import FORMATS, QUESTION_TYPES, Accepted, Choice, NumericAnswer, Pair, Question

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
REF_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLANK_RE = re.compile(r"\{\{(\d+)\}\}")
COMMON = {"id", "type", "points", "tags", "stem", "explanation", "law", "name", "format"}
TYPE_FIELDS = {
    "single": {"options"},
    "multiple": {"options"},
    "truefalse": {"answer", "feedback_true", "feedback_false"},
    "short": {"answers"},
    "numerical": {"answer", "answers"},
    "matching": {"pairs", "distractors"},
    "ordering": {"items"},
    "fill": {"blanks"},
    "essay": {"guidance"},
    "description": set(),
}


class QuestionReader:
    """Validates one question mapping; problems go to the file's collector."""

    def __init__(self, collector: Any, keys: tuple[Any, ...], refs: Mapping[str, Any]) -> None:
        self.c, self.keys, self.refs = collector, keys, refs
        self.ok = True

    def add(self, message: str, *sub: Any) -> None:
        self.ok = False
        self.c.add(message, *self.keys, *sub)

    def read(self, data: Any) -> Question | None:
        """The Question, or None after reporting why it is invalid."""
        if not isinstance(data, Mapping):
            self.add("a question must be a mapping with id, type and stem")
            return None
        self.data = data
        qid, qtype = self._id(), data.get("type")
        if qtype not in QUESTION_TYPES:
            self.add(f"question {qid}: type must be one of {', '.join(QUESTION_TYPES)}", "type")
            return None
        self.where = f"question {qid} ({qtype})"
        for name in sorted(set(map(str, data)) - COMMON - TYPE_FIELDS[qtype]):
            self.add(f"{self.where}: unknown field {name!r}", name)
        fields = self._common(qid, qtype) | getattr(self, f"_{qtype}")()
        return Question(**fields) if self.ok else None

    def _id(self) -> str:
        qid = self.data.get("id")
        if not isinstance(qid, str) or not ID_RE.match(qid):
            self.add("question 'id' must be ASCII letters, digits, '-', '_' or '.'", "id")
            return "?"
        return qid

    def _common(self, qid: str, qtype: str) -> dict[str, Any]:
        points = self.data.get("points", 0 if qtype == "description" else 1)
        if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
            self.add(f"{self.where}: 'points' must be a number of at least 0", "points")
        elif qtype != "description" and points == 0:
            self.add(f"{self.where}: 'points' must be more than 0", "points")
        fmt = self.data.get("format", "markdown")
        if fmt not in FORMATS:
            self.add(f"{self.where}: 'format' must be one of {', '.join(FORMATS)}", "format")
        return {
            "id": qid, "type": qtype, "points": float(points) if isinstance(points, int | float) else 1.0,
            "stem": self._text("stem", required=True), "explanation": self._text("explanation"),
            "name": self._plain("name"), "format": str(fmt), "tags": self._strings("tags"),
            "law": self._law(), "line": self.c.doc.line(*self.keys) if self.c.doc else 0,
        }

    def _text(self, name: str, *sub: Any, required: bool = False, value: Any = None) -> str:
        value = self.data.get(name) if value is None and not sub else value
        if value is None or value == "":
            if required:
                self.add(f"{self.where}: {name!r} is required", *sub, name)
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(f"{self.where}: {name!r} must be text", *sub, name)
            return ""
        before = len(self.c.problems)
        text_problems(self.c, str(value), self.refs, *self.keys, *sub, name)
        self.ok = self.ok and len(self.c.problems) == before
        return str(value).strip()

    def _plain(self, name: str) -> str:
        value = self.data.get(name, "")
        if not isinstance(value, str):
            self.add(f"{self.where}: {name!r} must be text", name)
            return ""
        return value

    def _strings(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            self.add(f"{self.where}: {name!r} must be a list of texts", name)
            return ()
        return tuple(str(v) for v in value)

    def _law(self) -> tuple[str, ...]:
        ids = self._strings("law")
        for ref_id in ids:
            ref = self.refs.get(ref_id)
            status = ref.get("status") if isinstance(ref, Mapping) else getattr(ref, "status", None)
            if ref is None:
                self.add(f"{self.where}: unknown law reference {ref_id!r}", "law")
            elif status == "repealed":
                self.add(f"{self.where}: law reference {ref_id!r} is repealed; cite the law in force", "law")
        return ids

    def _list(self, name: str, minimum: int) -> list[Any]:
        value = self.data.get(name)
        if not isinstance(value, list) or len(value) < minimum:
            self.add(f"{self.where}: {name!r} must be a list of at least {minimum}", name)
            return []
        return value

    def _weight(self, value: Any, *sub: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not -100 <= value <= 100:
            self.add(f"{self.where}: 'weight' must be a percentage between -100 and 100", *sub)
            return 0.0
        return value / 100.0

    def _choices(self) -> tuple[Choice, ...]:
        options = []
        for i, opt in enumerate(self._list("options", 2)):
            sub = ("options", i)
            if not isinstance(opt, Mapping) or "text" not in opt:
                self.add(f"{self.where}: each option needs a 'text'", *sub)
                continue
            unknown = set(map(str, opt)) - {"text", "correct", "weight", "feedback"}
            if unknown:
                self.add(f"{self.where}: unknown option field {sorted(unknown)[0]!r}", *sub)
            if "weight" in opt:
                fraction = self._weight(opt["weight"], *sub, "weight")
            else:
                fraction = 1.0 if opt.get("correct") is True else 0.0
            text = self._text("text", *sub, required=True, value=opt.get("text"))
            feedback = self._text("feedback", *sub, value=opt.get("feedback"))
            options.append(Choice(str(i), text, fraction, feedback))
        return tuple(options)

    def _single(self) -> dict[str, Any]:
        options = self._choices()
        full = sum(1 for o in options if o.fraction >= 1.0)
        if options and full != 1:
            self.add(f"{self.where}: exactly one option must be correct (it has {full})", "options")
        return {"options": options}

    def _multiple(self) -> dict[str, Any]:
        raw = self.data.get("options") or []
        options = self._choices()
        if options and not any(isinstance(o, Mapping) and "weight" in o for o in raw):
            options = _split_weights(options)
        total = sum(o.fraction for o in options if o.fraction > 0)
        if options and abs(total - 1.0) > 0.001:
            self.add(f"{self.where}: the positive weights must add up to 100 (they add up to {total * 100:g})",
                     "options")
        return {"options": options}

    def _truefalse(self) -> dict[str, Any]:
        answer = self.data.get("answer")
        if not isinstance(answer, bool):
            self.add(f"{self.where}: 'answer' must be true or false", "answer")
        return {"answer": answer if isinstance(answer, bool) else None,
                "feedback_true": self._text("feedback_true"), "feedback_false": self._text("feedback_false")}

    def _short(self) -> dict[str, Any]:
        accepted = []
        for i, item in enumerate(self._list("answers", 1)):
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                accepted.append(Accepted(str(item)))
            elif isinstance(item, Mapping) and isinstance(item.get("text"), str | int | float):
                weight = self._weight(item.get("weight", 100), "answers", i, "weight")
                feedback = self._text("feedback", "answers", i, value=item.get("feedback"))
                accepted.append(Accepted(str(item["text"]), weight, feedback))
            else:
                self.add(f"{self.where}: an answer is a text or {{text, weight, feedback}}", "answers", i)
        if accepted and not any(a.fraction >= 1.0 for a in accepted):
            self.add(f"{self.where}: at least one answer must be worth 100", "answers")
        return {"accepted": tuple(accepted)}

    def _numerical(self) -> dict[str, Any]:
        if ("answer" in self.data) == ("answers" in self.data):
            self.add(f"{self.where}: give either 'answer' or 'answers'", "answer")
            return {}
        raw = [self.data["answer"]] if "answer" in self.data else self._list("answers", 1)
        name = "answer" if "answer" in self.data else "answers"
        numeric = [self._number(item, name, *(() if name == "answer" else (i,))) for i, item in enumerate(raw)]
        numeric = [n for n in numeric if n is not None]
        if numeric and not any(n.fraction >= 1.0 for n in numeric):
            self.add(f"{self.where}: at least one answer must be worth 100", name)
        return {"numeric": tuple(numeric)}

    def _number(self, item: Any, *sub: Any) -> NumericAnswer | None:
        if not isinstance(item, Mapping):
            self.add(f"{self.where}: a numerical answer is {{value, tolerance}} or {{min, max}}", *sub)
            return None
        weight = self._weight(item.get("weight", 100), *sub, "weight")
        feedback = self._text("feedback", *sub, value=item.get("feedback"))
        if item.get("value") == "*":
            return NumericAnswer(None, 0.0, weight, feedback)
        nums = {k: item.get(k) for k in ("value", "tolerance", "min", "max") if k in item}
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in nums.values()):
            self.add(f"{self.where}: numerical bounds must be numbers", *sub)
            return None
        if "value" in nums and not {"min", "max"} & set(nums):
            return NumericAnswer(float(nums["value"]), abs(float(nums.get("tolerance", 0))), weight, feedback)
        if {"min", "max"} <= set(nums) and "value" not in nums and nums["min"] <= nums["max"]:
            low, high = float(nums["min"]), float(nums["max"])
            return NumericAnswer((low + high) / 2, (high - low) / 2, weight, feedback)
        self.add(f"{self.where}: a numerical answer is {{value, tolerance}} or {{min, max}} with min <= max", *sub)
        return None

    def _matching(self) -> dict[str, Any]:
        pairs = []
        for i, pair in enumerate(self._list("pairs", 2)):
            if not isinstance(pair, Mapping) or not pair.get("left") or not pair.get("right"):
                self.add(f"{self.where}: each pair needs 'left' and 'right'", "pairs", i)
                continue
            pairs.append(Pair(str(pair["left"]), str(pair["right"])))
        if len({p.left for p in pairs}) != len(pairs):
            self.add(f"{self.where}: left-hand items must be different", "pairs")
        return {"pairs": tuple(pairs), "distractors": self._strings("distractors")}

    def _ordering(self) -> dict[str, Any]:
        items = [str(v) for v in self._list("items", 2)]
        if len(set(items)) != len(items):
            self.add(f"{self.where}: items must be different", "items")
        return {"items": tuple(items)}

    def _fill(self) -> dict[str, Any]:
        blanks = []
        for i, blank in enumerate(self._list("blanks", 1)):
            accepted = [blank] if isinstance(blank, str | int | float) else blank
            if not isinstance(accepted, list) or not accepted or not all(isinstance(a, str | int | float)
                                                                          for a in accepted):
                self.add(f"{self.where}: each blank is a list of accepted texts", "blanks", i)
                continue
            blanks.append(tuple(str(a) for a in accepted))
        numbers = sorted({int(n) for n in BLANK_RE.findall(str(self.data.get("stem", "")))})
        if blanks and numbers != list(range(1, len(blanks) + 1)):
            self.add(f"{self.where}: the stem must contain the blanks {{{{1}}}} to {{{{{len(blanks)}}}}}", "stem")
        return {"blanks": tuple(blanks)}

    def _essay(self) -> dict[str, Any]:
        return {"guidance": self._text("guidance")}

    def _description(self) -> dict[str, Any]:
        return {"points": 0.0}


def text_problems(c: Any, text: str, refs: Mapping[str, Any], *keys: Any) -> None:
    """Report bad [[law:...]] citations inside a Markdown field at the field's line."""
    base = c.doc.line(*keys) if c.doc is not None else 1
    for offset, message in citation_problems(text, refs):
        c.add_at(base + offset - 1, message)


def _split_weights(options: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """`correct: true` shorthand: the correct options share 100%, each wrong one costs as much."""
    right = sum(1 for o in options if o.fraction > 0) or 1
    share = 1.0 / right
    return tuple(Choice(o.key, o.text, share if o.fraction > 0 else -share, o.feedback) for o in options)
