"""Language tags: English and Spanish as before; Arabic, Chinese, Japanese, Korean,
Russian... get their own code instead of ``en``; detection is per section on a bounded
sample, so its cost does not grow with the number of passages."""
from __future__ import annotations

import pytest

from puente.common.lang import detect_lang, sample
from puente.common.types import Document, Page
from puente.ingest import chunker

AR = ("تواصل المفوضية السامية للأمم المتحدة لشؤون اللاجئين تقديم المساعدة للأسر النازحة في المنطقة. "
      "وقد ارتفع عدد طلبات اللجوء بشكل كبير خلال العام الماضي، مما أدى إلى زيادة الضغط على مراكز الاستقبال.")
ZH = "联合国难民署继续向该地区的流离失所家庭提供援助。去年庇护申请数量大幅增加，给接待中心带来了更大的压力。各国政府和合作伙伴需要加强登记能力。"
JA = "国連難民高等弁務官事務所は、地域の避難民の家族に対する支援を続けています。昨年は庇護申請の数が大幅に増加し、受け入れセンターへの負担が高まりました。"
KO = "유엔난민기구는 이 지역의 난민 가족들에게 지원을 계속 제공하고 있습니다. 지난해 비호 신청 건수가 크게 증가하여 접수 센터에 대한 부담이 커졌습니다."
RU = ("Управление ООН по делам беженцев продолжает оказывать помощь перемещённым семьям в регионе. "
      "В прошлом году число заявлений о предоставлении убежища значительно выросло.")
EN = ("The national commission registered more asylum claims than in any previous year. Processing times grew "
      "while staff numbers stayed flat, so the backlog doubled. Partners opened reception centres in the south. ")
ES = ("La red regional coordinó la respuesta a la migración venezolana. Las niñas y los niños en tránsito "
      "recibieron atención en los puntos fronterizos. La coordinación interagencial mejoró la protección. ")


@pytest.mark.parametrize("text,code", [(AR, "ar"), (ZH, "zh-cn"), (JA, "ja"), (KO, "ko"), (RU, "ru"),
                                       (EN, "en"), (ES, "es")])
def test_documents_get_their_real_language(text, code):
    assert detect_lang(text, default="en") == code


def test_short_or_odd_latin_text_keeps_the_default():
    assert detect_lang("Chiapas Tabasco Veracruz", default="es") == "es"  # too short to tell
    assert detect_lang("x7Gq2" * 400, default="en") == "en"  # one long run of characters, not prose
    assert detect_lang("Plan de respuesta regional para refugiados y migrantes de Venezuela", default="en") == "es"


def _doc(text: str) -> Document:
    return Document(doc="d", title="T", pages=(Page(None, text),))


@pytest.mark.parametrize("text,code", [(AR, "ar"), (ZH, "zh-cn"), (KO, "ko")])
def test_chunks_and_pipeline_tag_other_languages(text, code):
    from puente.common.settings import ChunkerSettings
    from puente.ingest.batch import document_chunks

    doc = _doc("\n\n".join([text] * 6))
    lang, chunks = document_chunks(doc, ChunkerSettings())
    assert lang == code and chunks and {c.lang for c in chunks} == {code}


def test_language_per_section_in_a_bilingual_document():
    text = "SUMMARY IN ENGLISH\n\n" + EN * 6 + "\n\nRESUMEN EN ESPAÑOL\n\n" + ES * 6
    chunks = chunker.chunk(_doc(text), max_words=40, min_words=10, overlap_words=0, doc_lang="en")
    assert {c.lang for c in chunks if c.section == ("SUMMARY IN ENGLISH",)} == {"en"}
    assert {c.lang for c in chunks if c.section == ("RESUMEN EN ESPAÑOL",)} == {"es"}


def test_detection_work_is_bounded_per_document(monkeypatch):
    calls = []

    def counting(text, default=""):
        calls.append(len(text))
        return detect_lang(text, default)

    monkeypatch.setattr(chunker, "detect_lang", counting)
    # 600 sections, ~4,000 passages: before, one langdetect call per passage of 12 words or more
    text = "".join(f"SECTION {i}: FINDINGS\n\n" + (EN + ES) * 4 + "\n\n" for i in range(600))
    chunks = chunker.chunk(_doc(text), max_words=40, min_words=10, overlap_words=0, doc_lang="en")
    assert len(chunks) > 1500
    assert len(calls) <= chunker.LANG_BLOCKS + 1
    assert max(calls) <= 2002  # a bounded sample each


def test_sample_is_bounded_and_reads_start_middle_and_end():
    text = "a" * 5000 + "b" * 5000 + "c" * 5000
    s = sample(text, 300)
    assert len(s) <= 302 and s.startswith("a") and "b" in s and s.endswith("c")
    assert sample("short", 300) == "short"



def test_a_one_word_compare_topic_gets_labels_in_the_language_of_the_sector_word_it_is():
    from puente.app.i18n import labels_lang as _labels_lang

    # too short for langdetect and without cue words: the glossary knows which language the word is
    assert [_labels_lang(t) for t in ("xenofobia", "albergues", "niñez", "protección", "nutrición")] == ["es"] * 5
    assert [_labels_lang(t) for t in ("xenophobia", "shelters", "children")] == ["en", "en", "en"]
    assert _labels_lang("MIRPS") == "en"  # a word the glossary lacks: English
    assert _labels_lang("¿Qué proponen sobre la convivencia?") == "es"
