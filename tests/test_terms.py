"""The glossary of the field's words in English and Spanish (no model)."""
import pytest

from puente.common.terms import translated_in, translations


@pytest.mark.parametrize("word, text", [
    ("niñez", "Child protection: best interests procedures for unaccompanied children"),
    ("children", "Promover la protección de la niñez y adolescencia migrante"),
    ("reasentamiento", "Number of people who departed on resettlement"),
    ("resettlement", "personas presentadas a reasentamiento en 2023"),
    ("salud", "access to the public health system"),
    ("xenophobia", "campañas contra la xenofobia"),
    ("accountability", "un ejercicio de monitoreo y de rendición de cuentas"),
])
def test_a_word_is_found_by_its_translation_in_the_other_language(word, text):
    assert translated_in(word, text)


@pytest.mark.parametrize("word, text", [
    ("niñez", "ninguno de los planes"),  # a prefix of a form is not the form
    ("reasentamiento", "the national action plan"),
    ("protección", "protection of refugees"),  # a cognate finds itself elsewhere: not the glossary's job
])
def test_a_word_is_not_found_where_no_translation_stands(word, text):
    assert not translated_in(word, text)


def test_only_glossary_words_have_translations():
    assert translations("niñez") and translations("Resettlement")
    assert translations("mesa") == () and translations("the") == ()


def test_a_question_is_translated_word_by_word_into_the_glossarys_words():
    from puente.common.terms import translate

    assert translate("Albergues: ¿qué dice el plan nacional MIRPS?", "en") == "shelter"
    assert translate("How many women did the health programme reach?", "es") == "mujer salud"
    assert translate("Who won Super Bowl 50?", "es") == ""  # nothing of the field: nothing added
    assert translate("¿Cuántos albergues?", "es") == ""  # a Spanish word is not translated into Spanish


def test_cognates_share_a_stem_but_not_another_derivation():
    """A topic word is present through a cognate (naturalización/naturalization,
    registro/registration, labour/laboral), not through a word of half its length that
    begins the same ("Natural Emergency" is not naturalisation)."""
    from puente.index.topic_match import term_overlap

    assert term_overlap("naturalización", "naturalization procedures") == 1.0
    assert term_overlap("registro", "birth registration") == 1.0
    assert term_overlap("labour inclusion", "inclusión laboral") == 1.0
    assert term_overlap("naturalization", "Social and/or Natural Emergency Program (PESN)") == 0.0


def test_employment_is_not_the_work_of_a_work_plan():
    """"empleo" put "Reinforce QAI work plan with COMAR" in the employment column: "work" is
    "trabajo" (also "plan de trabajo"), "empleo" is employment, jobs, labour."""
    assert not translated_in("empleo", "Reinforce QAI work plan with COMAR")
    assert not translated_in("empleo", "UNHCR worked with the Mexican Commission")
    assert translated_in("empleo", "the National Employment Service") and translated_in("empleo", "job fairs")
    assert translated_in("trabajo", "Reinforce QAI work plan with COMAR") and translated_in("trabajo", "labour inclusion")
    assert translated_in("employment", "bolsa de trabajo") and translated_in("employment", "inserción laboral")
    assert translated_in("work", "plan de trabajo") and not translated_in("work", "empleo formal")


def test_accountability_and_service_words_cross_languages():
    """"feedback and complaints mechanisms" found nothing in two Spanish documents with "línea …
    de retroalimentación … consultas y quejas" and "buzón … para quejas y sugerencias"; "school
    enrolment" nothing in "la matrícula escolar"."""
    assert translated_in("complaints", "atendió 9 460 consultas y quejas") and translated_in("quejas", "complaints desk")
    assert translated_in("feedback", "línea de información y retroalimentación")
    assert translated_in("enrolment", "la matrícula de 600.000 estudiantes") and translated_in("matrícula", "enrolled")
    assert translated_in("psicosocial", "psychosocial support") and translated_in("desnutrición", "acute malnutrition")
    assert not translated_in("complaints", "consultas de información")


def test_work_permits_qualifications_and_unemployment_cross_languages():
    """"convalidación de títulos extranjeros" found nothing in Bolivia's "Recognition of foreign
    qualifications remains slow: … had their degrees validated" (an unseen set's comparison side)."""
    assert translated_in("convalidación", "Recognition of foreign qualifications") and translated_in("títulos", "degrees")
    assert translated_in("extranjeros", "foreign qualifications") and translated_in("qualifications", "títulos técnicos")
    assert translated_in("permiso", "a valid work permit") and translated_in("permits", "permisos de trabajo")
    assert translated_in("desempleada", "people who are unemployed") and translated_in("wages", "salarios bajos")
    assert not translated_in("títulos", "the titles of the chapters")  # a heading's title is no qualification


def test_the_words_of_a_glossary_phrase_are_translated_by_the_phrase():
    """"medios de vida" is "livelihoods", though neither "medios" nor "vida" is: a Spanish
    question on livelihoods found no English passage by the glossary (nor did "sociedad civil",
    "rendición de cuentas", "línea de base"), since words were looked up one at a time."""
    from puente.common.terms import phrase_glosses, translated_words

    q = "¿Qué dicen el Banco Mundial y el ACNUR sobre medios de vida?"
    assert translations("vida") == () and translations("medios") == ()
    assert set(phrase_glosses(q)) == {"medios", "vida"}
    assert translated_words(["medios", "vida"], "UNHCR expanded livelihoods support in Tapachula.", source=q) == {"medios", "vida"}
    assert translated_words(["medios", "vida"], "the media and daily life", source=q) == set()
    # without the phrase in the source the words stay untranslated
    assert translated_words(["medios", "vida"], "livelihoods", source="los medios y la vida") == set()
    # and the other way: "civil society" in an English question finds "sociedad civil"
    en = "What do the reports say about civil society?"
    assert translated_words(["civil", "society"], "con organizaciones de la sociedad civil", source=en) == {"civil", "society"}
