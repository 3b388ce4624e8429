"""How well the check on generated sentences (answers/verify.py) tells faithful sentences from unfaithful
ones, and the calibration of its closeness threshold.

    python benchmarks/bench_verify.py [--index-dir DIR] [--documents FILE_OR_FOLDER ...] [--sweep]

Claims are made from every sentence of every indexed chunk by tests/claims.py: faithful ones (verbatim,
framed "I yttrandet står att …", shortened at the first comma, reworded with synonyms, and the English
translations in tests/data/seed_translations.jsonl) and unfaithful ones (negated, negation removed, a
direction turned round, another actor, and a sentence of the most similar other chunk cited for this
one). Each claim cites its chunk and is checked as a generated sentence would be. Prints, per kind, how
many pass; with --sweep, the share of faithful claims kept and of other-passage claims let through at
each closeness threshold (cosine of the claim and its passage's closest sentence).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from common import documents_index

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from claims import (  # noqa: E402
    Claim,
    english_claims,
    faithful_claims,
    merged_claim,
    unfaithful_claims,
)

TRANSLATIONS = ROOT / "tests" / "data" / "seed_translations.jsonl"
PARAPHRASES = ROOT / "tests" / "data" / "seed_paraphrases.jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _holder(sentence: str, passages):
    from yttrande_qa.text import compact

    return next(p for p in passages if compact(sentence) in compact(p.text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, help="an index to read (default: index documents/ anew)")
    parser.add_argument("--documents", nargs="*", type=Path, default=[ROOT / "documents"])
    parser.add_argument("--sweep", action="store_true", help="print kept/let-through shares by threshold")
    parser.add_argument("--show", default="", help="print the claims of these kinds with their verdicts")
    args = parser.parse_args()
    with documents_index(args.index_dir, args.documents, "yqa-bench-verify-") as index:
        evaluate(index, args.sweep, set(filter(None, args.show.split(","))))


def evaluate(index, sweep: bool, show: set[str]) -> None:
    from yttrande_qa.answers.verify import Verifier
    from yttrande_qa.models import Filters
    from yttrande_qa.retrieval.search import passage_from_row
    from yttrande_qa.text import split_sentences
    from yttrande_qa.tuning import MIN_CLOSENESS

    rows = index.store.chunk_rows(index.store.filtered_ids(Filters()).tolist())  # ids are never reused
    passages = [passage_from_row(row, 1.0) for row in rows.values()]
    for number, passage in enumerate(passages, start=1):
        passage.citation = number
    cases = []  # (claim, cited passage number, language)
    for passage in passages:
        sentences = split_sentences(passage.text)
        for sentence in sentences:
            claims = faithful_claims(sentence, passage.is_stance) + unfaithful_claims(sentence, passage.is_stance)
            cases += [(c, passage.citation, "sv") for c in claims]
        merged = (merged_claim(a, b) for a, b in zip(sentences, sentences[1:]))
        cases += [(c, passage.citation, "sv") for c in merged if c]
    for entry in _lines(PARAPHRASES):
        holder = _holder(entry["sv"], passages)
        claims = [Claim("paraphrase", entry["paraphrase"], entry["sv"])]
        claims += unfaithful_claims(entry["paraphrase"], holder.is_stance)
        cases += [(c, holder.citation, "sv") for c in claims]
    for entry in _lines(TRANSLATIONS):
        cases += [(c, _holder(entry["sv"], passages).citation, "en") for c in english_claims(entry["en"], entry["sv"])]
    cases += _other_passage_claims(index, passages)

    stored = {text: vector for _, text, vector in index.store.sentences_of([p.chunk_id for p in passages])}
    texts = sorted({c.text for c, _, _ in cases} - stored.keys())
    stored.update(zip(texts, index.embedder.embed_passages(texts)))
    verifiers = {lang: Verifier(lang, passages, stored, index.embedder.embed_passages) for lang in ("sv", "en")}
    rules_only = {lang: Verifier(lang, passages) for lang in ("sv", "en")}

    passed, rule_passed, total = Counter(), Counter(), Counter()
    closeness = []
    for claim, cited, lang in cases:
        total[claim.kind] += 1
        verdict = verifiers[lang](f"{claim.text} [{cited}]")
        passed[claim.kind] += verdict
        rule_passed[claim.kind] += rules_only[lang](f"{claim.text} [{cited}]")
        sentences = [e.text for e in verifiers[lang].evidence[cited]]
        if sentences:
            closeness.append((claim, lang, max(verifiers[lang]._similarity(claim.text, sentences))))
        if claim.kind in show:
            print(f"{'PASS' if verdict else 'drop'} {claim.kind}: {claim.text}\n     from: {claim.source}")
    print(f"closeness threshold {MIN_CLOSENESS}; {len(passages)} passages")
    print(f"{'kind':<18} {'claims':>6} {'pass':>6} {'share':>6}   rules only")
    for kind in total:
        print(f"{kind:<18} {total[kind]:>6} {passed[kind]:>6} {passed[kind] / total[kind]:>6.1%}"
              f"   {rule_passed[kind] / total[kind]:.1%}")
    faithful = [k for k in total if Claim(k, "", "").faithful]
    unfaithful = [k for k in total if k not in faithful]
    for name, kinds in (("faithful (false drops)", faithful), ("unfaithful (false passes)", unfaithful)):
        n, ok = sum(total[k] for k in kinds), sum(passed[k] for k in kinds)
        share = 1 - ok / n if kinds is faithful else ok / n
        print(f"{name}: {n} claims, {share:.1%}")
    if sweep:
        _sweep(closeness)


def _other_passage_claims(index, passages) -> list[tuple[Claim, int, str]]:
    """Each sentence of a chunk (and each English translation) cited for the other chunk whose closest
    sentence is nearest to it: text on a neighbouring topic that the cited passage does not say (a
    chunk holding the same sentence is not another passage)."""
    from yttrande_qa.text import compact, split_sentences

    sentences = [(p, s) for p in passages for s in split_sentences(p.text) if len(s.split()) >= 6]
    claims = [(p, Claim("other passage", s.rstrip("."), s), "sv") for p, s in sentences]
    claims += [(_holder(e["sv"], passages), Claim("english other passage", e["en"], e["sv"]), "en")
               for e in _lines(TRANSLATIONS)]
    vectors = index.embedder.embed_passages([s for _, s in sentences])
    targets = index.embedder.embed_passages([c.text for _, c, _ in claims])
    similarity = targets @ vectors.T
    cases = []
    for i, (passage, claim, lang) in enumerate(claims):
        order = similarity[i].argsort()[::-1]
        other = next(sentences[j][0] for j in order
                     if sentences[j][0] is not passage and compact(claim.source) not in compact(sentences[j][0].text))
        cases.append((claim, other.citation, lang))
    return cases


def _sweep(closeness) -> None:
    """Per threshold: the share of each group of claims whose closest passage sentence reaches it."""
    groups = {
        "sv paraphrases kept": lambda claim, lang: claim.kind == "paraphrase",
        "sv merged kept": lambda claim, lang: claim.kind == "merged",
        "sv other passage through": lambda claim, lang: lang == "sv" and claim.kind == "other passage",
        "en translations kept": lambda claim, lang: claim.kind == "english",
        "en other passage through": lambda claim, lang: claim.kind == "english other passage",
    }
    print("threshold  " + "  ".join(groups))
    for threshold in [x / 100 for x in range(80, 95)]:
        shares = []
        for name, member in groups.items():
            values = [c for claim, lang, c in closeness if member(claim, lang)]
            shares.append(f"{sum(c >= threshold for c in values) / max(1, len(values)):>{len(name)}.1%}")
        print(f"{threshold:<9.2f}  " + "  ".join(shares))


if __name__ == "__main__":
    main()
