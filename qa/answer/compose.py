"""Composing answers: resolve the program (and the conversation), then answer from its fields or sentences.

Every answer states only what its citations quote; when the documents do not say, it abstains and shows
the nearest excerpts as related.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from qa.answer.aggregate import COMPARE, answer_aggregate, is_aggregate, wants_listing
from qa.answer.models import Answer, Citation
from qa.answer.phrases import Phrases, phrases
from qa.answer.units import Unit, program_units
from qa.index.store import StoredIndex
from qa.index.tokenize import content_nouns, tokenize
from qa.ingest import layout as L
from qa.ingest.amounts import as_written
from qa.ingest.models import Program
from qa.ingest.normalize import key, nfkc, unwrap
from qa.retrieve.aliases import expand
from qa.retrieve.names import program_names
from qa.retrieve.search import ProgramHit, Retriever

LIST_INTRO = re.compile(r"(以下|次)の(とおり|通り|ような|もの)|[:：]$")
ATTRIBUTE = re.compile(r"の([^\s、。？?のはが]{2,8}?)(?:は|って)(?:何|なに|なん|いつ|どこ|誰|だれ)")
ANAPHOR = re.compile(r"その|それ|この|あの|同じ|そちら|こちら|上記|前の|さっき")


@dataclass
class Turn:
    """One earlier message of the conversation."""

    role: str
    content: str


@dataclass
class Resolution:
    """Which program a question is about, and why."""

    hits: list[ProgramHit]
    intent: str | None
    from_history: bool = False
    salient: list[str] = field(default_factory=list)


def _bigrams(text: str) -> set[str]:
    k = key(text)
    return {k[i:i + 2] for i in range(len(k) - 1)}


class Answerer:
    """Answers questions over one loaded index.

    Args:
        index: the loaded index.
        retriever: its retriever.
        aliases: common names -> document wording.
        abstain_threshold: confidence below which the answer abstains.
    """

    def __init__(self, index: StoredIndex, retriever: Retriever, aliases: list[tuple[str, str]],
                 abstain_threshold: float, top_k: int) -> None:
        self.index = index
        self.retriever = retriever
        self.aliases = aliases
        self.threshold = abstain_threshold
        self.top_k = top_k
        self.phrases: Phrases = phrases()
        self.programs = index.programs_by_id
        self._terms: OrderedDict[str, set[str]] = OrderedDict()
        self._units: OrderedDict[str, list[tuple[Unit, set[str]]]] = OrderedDict()
        labels = [p.budget.label for p in index.programs if p.budget]
        labels += [p.budget.previous_year.label for p in index.programs if p.budget and p.budget.previous_year]
        self.covered_years = {re.sub(r"\s", "", m.group(0)) for label in labels if (m := L.ERA_YEAR.search(label))}

    # -- caches -------------------------------------------------------------------------------------------
    def program_terms(self, program: Program) -> set[str]:
        """Lemmas of a program's whole text and names (cached; programs are few and reused)."""
        terms = self._terms.get(program.id)
        if terms is None:
            text = self.index.documents[program.document].text[program.start:program.end]
            terms = set(tokenize(text + " " + " ".join(program_names(program))))
            self._terms[program.id] = terms
            if len(self._terms) > 4096:
                self._terms.popitem(last=False)
        return terms

    def units(self, program: Program) -> list[tuple[Unit, set[str]]]:
        cached = self._units.get(program.id)
        if cached is None:
            doc = self.index.documents[program.document]
            cached = [(u, set(tokenize(u.text))) for u in program_units(program, doc)]
            self._units[program.id] = cached
            if len(self._units) > 4096:
                self._units.popitem(last=False)
        return cached

    # -- resolution ---------------------------------------------------------------------------------------
    def salient_terms(self, question: str) -> list[str]:
        """Content terms of a question that could name a program (not question words, not field names)."""
        skip = self.phrases.stopwords | self.phrases.field_words
        return [t for t in content_nouns(question) if t not in skip and not re.fullmatch(r"[ぁ-ん]{1,2}", t)]

    def resolve(self, question: str, history: list[Turn], mode: str) -> Resolution:
        """The programs a question is about; a question naming nothing leans on the previous turns."""
        intent = self.phrases.detect(question)
        expanded = expand(question, self.aliases)
        salient = self.salient_terms(expanded)
        earlier = [t.content for t in history if t.role == "user" and t.content.strip()]
        if earlier and (not salient or (ANAPHOR.search(question) and len(salient) <= 1)):
            previous = self.resolve(earlier[-1], [Turn("user", q) for q in earlier[:-1]], mode)
            return Resolution(previous.hits, intent or previous.intent, True, previous.salient)
        if intent is None and earlier:
            intent = self.phrases.detect(earlier[-1])
        hits = self.retriever.search_programs(expanded, k=max(self.top_k, 10), mode=mode)
        return Resolution(hits, intent, False, salient)

    def confidence(self, question: str, resolution: Resolution) -> float:
        """How sure we are that the top program is what the question asks about (0..1).

        Half is the IDF-weighted share of the question's nouns that the program contains (a word no
        document uses weighs the most), half how clearly the dense retriever singles something out
        (cosine of its first passage minus its tenth, full at 0.04); BM25 and dense both ranking one of
        its passages first adds 0.15, neither near the top takes 0.15 off (rank 2-3 counts half).
        A program named in full is trusted.
        Calibrated on tests/fixtures/calibration-seed.jsonl (bench/calibrate_abstention.py).
        """
        if not resolution.hits:
            return 0.0
        top = resolution.hits[0]
        program = self.programs[top.program_id]
        terms = self.program_terms(program)
        weights = {t: self.retriever.idf(t) for t in resolution.salient}
        total = sum(weights.values())
        coverage = sum(w for t, w in weights.items() if t in terms) / total if total else 0.5
        has_dense = any(h.dense_score is not None for h in top.hits)  # not in bm25-only mode
        clarity = min(1.0, top.dense_gap / 0.04) if has_dense else coverage
        agree = 0.15 * (_agreement(top.bm25_rank) + _agreement(top.dense_rank) - 1.0)
        return max(min(1.0, top.name_score * 1.5), 0.5 * coverage + 0.5 * clarity + agree)

    def missing_attribute(self, question: str, program: Program) -> str | None:
        """The thing asked about (「…の船名は何？」) when the program's text never mentions it."""
        match = ATTRIBUTE.search(nfkc(question))
        if not match:
            return None
        words = [t for t in content_nouns(match.group(1))
                 if t not in self.phrases.stopwords and t not in self.phrases.field_words]
        terms = self.program_terms(program)
        return match.group(1) if words and not any(t in terms for t in words) else None

    # -- composition -------------------------------------------------------------------------------------
    def cite(self, program: Program, section: str, start: int, end: int) -> Citation:
        """The one place citations are made: exact span and text, and the display form of the text."""
        doc = self.index.documents[program.document]
        page = doc.page_at(start) or (program.pages[0] if program.pages else None)
        return Citation(program_id=program.id, program_title=program.title, document=doc.name, section=section,
                        page=page, start=start, end=end, text=doc.text[start:end],
                        quote=unwrap(doc.text, start, end))

    def related(self, hits: list[ProgramHit], n: int = 3) -> list[Citation]:
        out = []
        for hit in hits[:n]:
            program = self.programs[hit.program_id]
            if hit.hits:
                p = hit.hits[0].passage
                out.append(self.cite(program, p.section, p.start, p.end))
        return out

    def abstain(self, message: str, hits: list[ProgramHit], intent: str) -> Answer:
        nearest = ""
        if hits:
            nearest = self.phrases.abstain["nearest"].format(title=self.programs[hits[0].program_id].title)
        return Answer(answer=f"{message}{nearest}", abstained=True, intent=intent, related=self.related(hits),
                      programs=[h.program_id for h in hits])

    def answer(self, question: str, history: list[Turn] | None = None, mode: str = "hybrid") -> Answer:
        """Answer one question.

        Args:
            question: the user's question.
            history: earlier turns, oldest first (for follow-ups).
            mode: retrieval mode, bm25, dense or hybrid.

        Returns:
            The answer with citations, or an abstention with related excerpts.
        """
        started = time.perf_counter()
        history = history or []
        computed = self._aggregate(question, history)
        if computed is not None:
            computed.timings_ms = {"compose": round((time.perf_counter() - started) * 1000, 2)}
            return computed
        resolution = self.resolve(question, history, mode)
        retrieved = time.perf_counter()
        intent = resolution.intent or "detail"
        result = self._compose(question, resolution, intent)
        result.timings_ms = {"retrieve": round((retrieved - started) * 1000, 2),
                             "compose": round((time.perf_counter() - retrieved) * 1000, 2)}
        return result

    def _aggregate(self, question: str, history: list[Turn]) -> Answer | None:
        """Rankings, thresholds, totals, counts, comparisons and category listings, from the program table."""
        earlier = [t.content for t in history if t.role == "user"]
        expanded = expand(question, self.aliases)
        named = [m.program for m in self.retriever.names.match(expanded) if m.score >= 0.8]
        compares = len(named) >= 2 and COMPARE.search(nfkc(question))
        if not (compares or is_aggregate(question, earlier) or wants_listing(question, self.index.programs, named)):
            return None
        result = answer_aggregate(question, earlier, self.index.programs, named)
        if result is None:
            return None
        citations = [self.cite(p, "予算額", p.budget.start, p.budget.end) for p in result.programs if p.budget]
        return Answer(answer=result.text, intent="aggregate", citations=citations,
                      programs=[p.id for p in result.programs])

    def _compose(self, question: str, resolution: Resolution, intent: str) -> Answer:
        hits = resolution.hits
        text = nfkc(question)
        asked_years = {re.sub(r"\s", "", m.group(0)) for m in L.ERA_YEAR.finditer(text)}
        if intent == "amount" and self.covered_years and asked_years - self.covered_years:
            covered = "・".join(sorted(self.covered_years))
            asked = "・".join(sorted(asked_years - self.covered_years))
            return self.abstain(self.phrases.abstain["year"].format(covered=covered, asked=asked), hits, intent)
        if not hits or (not resolution.from_history and self.confidence(question, resolution) < self.threshold):
            return self.abstain(self.phrases.abstain["nothing"], hits, intent)
        program = self.programs[hits[0].program_id]
        programs = [h.program_id for h in hits]
        missing = self.missing_attribute(question, program)
        if missing:
            message = self.phrases.abstain["attribute"].format(title=program.title, attribute=missing)
            return Answer(answer=message, abstained=True, intent=intent, related=self.related(hits, 1),
                          programs=programs)
        if not program.has_budget_structure:
            intent = "detail"
        handler = {"amount": self._amount, "contact": self._contact, "category": self._category}.get(intent)
        result = handler(question, program, hits) if handler else None
        if result is None:
            result = self._quote(question, program, hits, intent)
        result.intent = intent
        result.programs = programs
        return result

    def _amount(self, question: str, program: Program, hits: list[ProgramHit]) -> Answer | None:
        budget = program.budget
        if budget is None:
            return None
        text = nfkc(question)
        a = self.phrases.answers
        cite = self.cite(program, "予算額", budget.start, budget.end)
        total = as_written(budget.text)
        asks_part = re.search(r"うち|配分|内訳", text) and not re.search(r"含む|含まれ|入って", text)
        for sub in program.subprojects:
            if asks_part and len(key(sub.name)) >= 4 and key(sub.name) in key(text) and sub.amount_oku_yen is None:
                msg = self.phrases.abstain["subproject_amount"].format(sub=sub.name, title=program.title, amount=total)
                return Answer(answer=msg, abstained=True, citations=[cite])
        if "うち" in text or "分" in text:
            for part in budget.uchi:
                if part.label and (key(part.label)[:2] in key(text) or "うち" in text):
                    msg = a["uchi"].format(title=program.title, total=total, part=part.label + "分",
                                           amount=as_written(part.text))
                    return Answer(answer=msg, citations=[cite])
        if re.search(r"前年度|昨年度|前年", text):
            prev = budget.previous_year
            if prev is None:
                return Answer(answer=self.phrases.abstain["previous"].format(title=program.title), abstained=True,
                              citations=[cite])
            if prev.start is not None and prev.end is not None:
                cite = self.cite(program, "予算額", min(budget.start, prev.start), max(budget.end, prev.end))
            return Answer(answer=a["previous"].format(title=program.title, label=prev.label,
                                                      amount=as_written(prev.text)), citations=[cite])
        label = re.sub(r"\s", "", budget.label) or "予算額"
        return Answer(answer=a["amount"].format(title=program.title, label=label, amount=total), citations=[cite])

    def _contact(self, question: str, program: Program, hits: list[ProgramHit]) -> Answer:
        if not program.contacts:
            return Answer(answer=self.phrases.abstain["contact"].format(title=program.title), abstained=True,
                          related=self.related(hits, 1))
        q = key(question)
        chosen = [c for c in program.contacts if c.subproject and _shares_run(q, key(c.subproject), 5)]
        if not chosen:
            chosen = [c for c in program.contacts if any(len(part) >= 3 and key(part) in q
                                                           for part in c.dept.split(" ")[1:] or [c.dept])]
        chosen = chosen or program.contacts
        a = self.phrases.answers
        lines = [a["contact_head"].format(title=program.title)]
        lines += [a["contact_line"].format(dept=c.dept, phone=c.phone) for c in chosen]
        return Answer(answer="\n".join(lines),
                      citations=[self.cite(program, "担当・連絡先", c.start, c.end) for c in chosen])

    def _category(self, question: str, program: Program, hits: list[ProgramHit]) -> Answer | None:
        if not program.category:
            return None
        title_section = program.section("事業名") or program.section("予算額")
        cite = self.cite(program, title_section.name, title_section.start, title_section.end)
        return Answer(answer=self.phrases.answers["category"].format(title=program.title, category=program.category),
                      citations=[cite])

    def _quote(self, question: str, program: Program, hits: list[ProgramHit], intent: str) -> Answer:
        """Quote the sentences of the program that answer the question best.

        A sentence earns most for the words of what is asked (補助率, 目標, 融資) and for the intent's
        cue (a rate, a figure); the question's other specific words count as a bounded, IDF-weighted
        coverage, so that a long sentence cannot win on many loose matches. Words of the program's
        own name only say which program is meant and count little; a sentence inside the sub-project
        the question names is preferred.
        """
        spec = self.phrases.intent(intent)
        expanded = expand(question, self.aliases)
        q_terms = set(tokenize(expanded)) - self.phrases.stopwords
        name_terms = set(tokenize(" ".join([program.title, program.body_title or "", *program.aliases])))
        fields = q_terms & self.phrases.field_words
        identity = {t: self.retriever.idf(t) * (0.3 if t in name_terms else 1.0) for t in q_terms - fields}
        identity_total = sum(identity.values()) or 1.0
        q_bigrams = _bigrams(question) - _bigrams(program.title)
        named_subs = [sub for sub in program.subprojects if _shares_run(key(expanded), key(sub.name), 4)]
        top_passages = {(h.passage.start, h.passage.end) for hit in hits[:1] for h in hit.hits[:2]}
        wants_list = bool(re.search(r"例|具体|挙げ|どんな|どのような", nfkc(question)))
        units = self.units(program)
        scored: list[tuple[float, int]] = []
        position: dict[str, int] = {}
        for n, (unit, terms) in enumerate(units):
            score = 1.5 * len(fields & terms)
            score += 2.5 * sum(w for t, w in identity.items() if t in terms) / identity_total
            score += 1.5 * len(q_bigrams & _bigrams(unit.text)) / max(1, len(q_bigrams))
            if unit.section in spec.sections:
                score += 1.5 - 0.4 * spec.sections.index(unit.section)
                rank = position[unit.section] = position.get(unit.section, -1) + 1
                if intent == "purpose" and unit.section == spec.sections[0]:
                    score += max(0.0, 1.0 - 0.5 * rank)  # the opening sentences say what a program is for
            if spec.cue is not None and spec.cue.search(nfkc(unit.text)):
                score += 1.0
            if any(sub.start <= unit.start < sub.end for sub in named_subs):
                score += 1.0
            if any(a <= unit.start and unit.end <= b for a, b in top_passages):
                score += 0.5
            if wants_list and LIST_INTRO.search(unit.text):
                score += 1.5
            if _is_heading(unit.text, program):
                score -= 2.0  # a name alone answers nothing
            scored.append((score, n))
        if not scored:
            return self.abstain(self.phrases.abstain["nothing"], hits, intent)
        scored.sort(key=lambda t: -t[0])
        best = scored[0][0]
        picked = [n for s, n in scored[:3] if s >= 0.8 * best]
        chosen: list[Unit] = []
        text = self.index.documents[program.document].text
        for n in picked:
            chosen.append(units[n][0])
            # A purpose sentence is often finished by the next one in the same paragraph (「〜することで、〜」).
            if intent == "purpose" and n == picked[0] and n + 1 < len(units):
                following = units[n + 1][0]
                if following.section == units[n][0].section and "\n" not in text[units[n][0].end:following.start]:
                    chosen.append(following)
            # A sentence that announces a list (「以下のとおりです。」) is answered by the list under it.
            if LIST_INTRO.search(units[n][0].text):
                for unit, _ in units[n + 1:n + 9]:
                    if unit.section != units[n][0].section:
                        break
                    chosen.append(unit)
        chosen = list(dict.fromkeys(chosen))
        a = self.phrases.answers
        citations = [self.cite(program, u.section, u.start, u.end) for u in chosen]
        # The answer quotes what people read: a wrapped sentence without its line break.
        lines = [a["quote_head"].format(title=program.title)] + [a["quote_line"].format(text=c.quote) for c in citations]
        return Answer(answer="\n".join(lines), citations=citations)


def _is_heading(text: str, program: Program) -> bool:
    """Whether a unit is only a name: the program's title or a sub-project heading, with no figures."""
    k = key(re.sub(r"^[（(]?\d+[)）.．]|^[①-⑳]", "", nfkc(text)))
    names = [key(program.title), key(program.body_title or "")] + [key(s.name) for s in program.subprojects]
    return bool(k) and any(k == n or (len(k) >= 4 and k in n) for n in names if n)


def _agreement(rank: int) -> float:
    """How firmly one retriever backs a program: its passage first (1), in the top three (0.5), or not (0)."""
    return 1.0 if rank == 1 else 0.5 if rank <= 3 else 0.0


def _shares_run(a: str, b: str, n: int) -> bool:
    """Whether two keys share a run of n characters."""
    return any(b[i:i + n] in a for i in range(max(0, len(b) - n + 1))) if len(b) >= n else b in a
