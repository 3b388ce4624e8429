"""Indexing into real SQLite and FAISS files: incremental updates, removal, crashes, reports beside statements."""

from __future__ import annotations

import shutil

from helpers import REPORT, SEED, SEED_ID

from yttrande_qa.ingest.indexer import index_files, rebuild, remove_document
from yttrande_qa.ingest.metadata import METADATA_VERSION
from yttrande_qa.models import Filters
from yttrande_qa.retrieval.search import search
from yttrande_qa.store.database import ADDED_DOCUMENT_COLUMNS
from yttrande_qa.store.index import Index


def test_seed_is_indexed_as_a_statement(seed_index):
    [doc] = seed_index.store.documents()
    assert doc.doc_id == SEED_ID and doc.kind == "statement" and doc.date == "2024-02-29"
    assert doc.title.startswith("Regionala utvecklingsnämndens yttrande")
    assert doc.chunk_count > 30


def test_unchanged_file_is_skipped_and_changed_file_replaces_its_chunks(seed_index_copy, tmp_path):
    doc = tmp_path / "yttrande-test.txt"
    doc.write_text("Yttrande över VA-planen\n\nFörvaltningen föreslår ett nytt reningsverk i Lycksele.\n")
    index = Index(seed_index_copy)
    assert index_files(index, [doc])[0].status == "added"
    assert index_files(index, [doc])[0].status == "unchanged"
    doc.write_text("Yttrande över VA-planen\n\nFörvaltningen föreslår en ny vattenledning till Storuman.\n")
    assert index_files(index, [doc])[0].status == "updated"
    texts = [p.text for p in search(index, "Vad föreslår förvaltningen?", Filters(doc_ids=["yttrande-test"]), k=10)]
    assert any("Storuman" in t for t in texts) and not any("Lycksele" in t for t in texts)


def test_remove_takes_document_out_of_search(seed_index_copy):
    index = Index(seed_index_copy)
    assert remove_document(index, SEED_ID)
    assert search(index, "VA") == [] and index.store.documents() == []
    assert not remove_document(index, SEED_ID)


def test_report_text_is_never_the_regions_stance(seed_index_copy, tmp_path):
    index = Index(seed_index_copy)
    [outcome] = index_files(index, [REPORT], kind="report")
    with index.store.transaction() as db:
        db.execute("UPDATE documents SET responds_to = ? WHERE doc_id = ?", (outcome.doc_id, SEED_ID))
    question = "Vad föreslås om reningsverk i glesbygden?"
    assert any(p.kind == "report" for p in search(index, question, k=5))
    stance = search(index, question, Filters(stance_only=True), k=20)
    assert stance and all(p.kind == "statement" and p.speaker == "author" for p in stance)
    assert index.store.document(SEED_ID).responds_to == outcome.doc_id


def test_bad_file_fails_alone_and_batch_goes_on(seed_index_copy, tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    good = tmp_path / "yttrande-bra.txt"
    good.write_text("Yttrande\n\nRegionen anser att kollektivtrafiken ska byggas ut.\n", encoding="utf-8")
    outcomes = index_files(Index(seed_index_copy), [empty, good])
    assert [o.status for o in outcomes] == ["failed", "added"]
    assert outcomes[0].error


def test_failure_mid_write_leaves_previous_index_usable(seed_index_copy, tmp_path):
    index = Index(seed_index_copy)
    before = [p.chunk_id for p in search(index, "bostadsbristen", k=5)]
    changed = tmp_path / "ny.txt"
    shutil.copy(SEED, changed)
    # The disk fills up after the chunks are written, while the sentences are.
    index.store.db.execute(
        "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON sentences BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    [outcome] = index_files(index, [changed])
    assert outcome.status == "failed" and "disk full" in outcome.error
    reopened = Index(seed_index_copy)
    assert [d.doc_id for d in reopened.store.documents()] == [SEED_ID]
    assert [p.chunk_id for p in search(reopened, "bostadsbristen", k=5)] == before


def test_missing_faiss_files_are_rebuilt_from_the_database(seed_index_copy):
    for cached in seed_index_copy.glob("*.faiss"):
        cached.unlink()
    index = Index(seed_index_copy)
    assert search(index, "bostadsbristen", k=3)
    assert index.vectors.current_path(index.store).exists()
    assert index.sentence_vectors.current_path(index.store).exists()


def test_rebuild_keeps_feedback(seed_index_copy, tmp_path):
    index = Index(seed_index_copy)
    index.store.add_feedback(1, "Vad är RUS?", "Den regionala utvecklingsstrategin [1]", "[]")
    other = tmp_path / "yttrande-annat.txt"
    other.write_text("Yttrande\n\nRegionen anser att snöskoterleder ska märkas bättre.\n", encoding="utf-8")
    rebuild(seed_index_copy, None, [other])
    assert [d.doc_id for d in index.store.documents()] == ["yttrande-annat"]
    assert [row["question"] for row in index.store.feedback()] == ["Vad är RUS?"]


def test_change_committed_without_faiss_files_is_seen(seed_index_copy, tmp_path):
    extra = tmp_path / "yttrande-extra.txt"
    extra.write_text("Yttrande\n\nRegionen anser att snöskoterleder ska märkas bättre.\n", encoding="utf-8")
    index = Index(seed_index_copy)
    index_files(index, [extra])
    assert "snöskoterleder" in search(index, "snöskoterleder", k=1)[0].text
    # Another process removes the document and stops before writing any FAISS file.
    with Index(seed_index_copy).store.transaction() as db:
        db.execute("DELETE FROM documents WHERE doc_id = 'yttrande-extra'")
    passages = search(index, "snöskoterleder", k=5)
    assert passages and all("snöskoterleder" not in p.text for p in passages)


def test_each_chunk_sentence_is_stored_with_its_vector(seed_index_copy, tmp_path):
    doc = tmp_path / "yttrande-trafik.txt"
    first, second = "Regionen anser att bussarna ska gå oftare.", "Regionen vill också bygga fler cykelvägar."
    doc.write_text(f"Yttrande\n\n{first} {second}\n", encoding="utf-8")
    index = Index(seed_index_copy)
    index_files(index, [doc])
    stored = dict(index.store.sentence_vectors("yttrande-trafik"))
    assert list(stored) == [first, second] and all(v.shape == (384,) for v in stored.values())
    third = "Tåget ska stanna i Vindeln."
    doc.write_text(f"Yttrande\n\n{first} {second} {third}\n", encoding="utf-8")
    index_files(index, [doc])
    assert list(dict(index.store.sentence_vectors("yttrande-trafik"))) == [first, second, third]


def test_documents_carry_their_metadata_into_passages(seed_index_copy, tmp_path):
    remissvar = tmp_path / "remissvar-elnat.txt"
    remissvar.write_text(
        "Umeå kommun\nDnr KS 2019/00412\n\nYttrande över betänkandet Moderna tillståndsprocesser för elnät "
        "(SOU 2019:30)\n\nUmeå kommun har beretts möjlighet att yttra sig. Kommunen tillstyrker förslaget om "
        "kortare handläggningstider för nätkoncessioner.\n",
        encoding="utf-8",
    )
    index = Index(seed_index_copy)
    [outcome] = index_files(index, [remissvar])
    doc = index.store.document(outcome.doc_id)
    assert (doc.kind, doc.genre, doc.issuer, doc.diarienummer) == ("statement", "yttrande", "Umeå kommun",
                                                                   "KS 2019/00412")
    assert doc.subject_numbers == ("SOU 2019:30",) and doc.doc_number is None
    [passage] = search(index, "handläggningstider för nätkoncessioner", Filters(doc_ids=[outcome.doc_id]), k=1)
    assert (passage.issuer, passage.genre, passage.subject_numbers) == ("Umeå kommun", "yttrande", ("SOU 2019:30",))


def test_an_index_from_before_document_metadata_is_upgraded_in_place(seed_index_copy):
    """An index built before the metadata columns existed: opening adds them, the documents are marked
    as read by an earlier version, and the next `index` reads them again (reusing their vectors)."""
    index = Index(seed_index_copy)
    with index.store.transaction() as db:
        for column in ADDED_DOCUMENT_COLUMNS:
            db.execute(f"ALTER TABLE documents DROP COLUMN {column}")
    index.close()
    reopened = Index(seed_index_copy)
    [old] = reopened.store.documents()
    assert (old.metadata_version, old.genre, old.issuer) == (0, None, None)
    assert [o.status for o in index_files(reopened, [SEED])] == ["updated"]
    [doc] = reopened.store.documents()
    assert (doc.metadata_version, doc.genre, doc.issuer) == (METADATA_VERSION, "yttrande", "Regionala utvecklingsnämnden")
    assert [o.status for o in index_files(reopened, [SEED])] == ["unchanged"]


def test_a_kind_set_by_hand_stays_when_the_document_is_read_again(seed_index_copy, tmp_path):
    notes = tmp_path / "anteckningar.txt"
    notes.write_text("Anteckningar från mötet\n\nKommunerna vill ha fler bussar.\n", encoding="utf-8")
    index = Index(seed_index_copy)
    [outcome] = index_files(index, [notes], kind="statement")
    with index.store.transaction() as db:
        db.execute("UPDATE documents SET metadata_version = 0 WHERE doc_id = ?", (outcome.doc_id,))
    assert [o.status for o in index_files(index, [notes])] == ["updated"]
    assert index.store.document(outcome.doc_id).kind == "statement"
