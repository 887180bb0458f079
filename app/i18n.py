"""Interface labels of the web app in English and Spanish."""
from __future__ import annotations

import re

LANGS = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "ui_lang": "Interface language",
        "tab_ask": "Ask",
        "tab_compare": "Compare",
        "tab_library": "Library",
        "tab_records": "Records",
        "question": "Question (English or Spanish)",
        "question_ph": "e.g. What percentage of refugees lived in safe settlements in 2023?",
        "ask": "Ask",
        "docs": "Documents (none selected: all)",
        "lang_filter": "Passage language",
        "any": "any",
        "k": "Number of passages",
        "export_md": "Download Markdown",
        "export_csv": "Download CSV",
        "answer": "Answer",
        "no_answer": "No passage answers this",
        "closest": "Closest passages:",
        "answers_by_doc": "Answer per document",
        "no_answer_doc": "No answer in this document",
        "strong": "strong match",
        "partial": "partial match",
        "weak": "weak match",
        "check_passage": "check the passage",
        "topic_match": "on the topic",
        "no_hits": "No passages found. Try other words or remove the filters.",
        "passages": "Passages",
        "context": "Open in context",
        "context_note": "Neighbouring text on the same page(s); the passage is highlighted.",
        "empty_question": "Type a question first.",
        "too_long": "The question is {n} characters long; shorten it to {max}.",
        "topic": "Topic or question",
        "topic_ph": "e.g. commitments on local integration",
        "compare_docs": "Documents to compare (all when none is picked)",
        "compare_k": "Passages per document",
        "compare": "Compare",
        "nothing_found": "Nothing on this topic in this document.",
        "cmp_docx": "Download Word",
        "tab_track": "Follow-through",
        "track_doc": "Plan or management response",
        "track_in": "Reported on in (all other documents when none is picked)",
        "track": "Follow through",
        "track_pick": "Pick a document with commitments, recommendations or actions.",
        "track_head": "{doc}: {n} of {total} items are reported on in the other documents",
        "no_later": "No later report mentions this.",
        "records": "Records",
        "library_docs": "Documents in the index",
        "upload": "Add PDF, Word, HTML, TXT or MD files",
        "add": "Add to the index",
        "added": "{n} added, {u} updated, {k} unchanged; the index now holds {c} passages.",
        "no_files": "Choose one or more files first.",
        "up_dup_name": "a different document named '{doc}' is already in the Library; rename the file, "
                       "or tick “{replace}” to replace it",
        "up_dup_content": "the same content is already in the Library as '{doc}'; nothing to add",
        "up_too_big": "the file is above the {mb} MB limit; split it into smaller files",
        "col_title": "Title",
        "col_doc": "Document",
        "col_lang": "Language",
        "col_pages": "Pages",
        "col_chunks": "Passages",
        "col_ingested": "Ingested at",
        "kind": "Kind",
        "status": "Status",
        "all": "all",
        "records_csv": "Download records CSV",
        "no_records": "No structured records in this index yet.",
        "reading": "Reading",
        "embedding": "Embedding and writing the index",
        "replace": "Replace indexed documents that have the same name",
        "generated": "Generated answer — every claim checked against the passages",
        "generating": "Generating an answer…",
        "sources": "Sources",
        "page_view": "See it on the page ({label})",
        "page_note": "The page as printed; the passage is highlighted.",
        "page_alt": "Page {p} of {doc}, the passage highlighted",
        "open_file_page": "Open the original file at page {p}",
        "open_file": "Open the original file",
        "brief_title": "Puente briefing",
        "brief_no_answer": "No answer: no passage answers this question with confidence.",
        "brief_listed": "Also found (weak match, not quoted)",
        "word_brief": "Word briefing (this session's questions)",
        "rec_topic": "Topic (English or Spanish)",
        "rec_topic_ph": "e.g. gender, local integration, registro",
        "n_records": "{n} records",
        "no_records_match": "No record matches these filters.",
        "kind_recommendation": "recommendation", "kind_action": "action", "kind_commitment": "commitment",
        "kind_indicator": "indicator", "kind_priority": "priority",
        "f_responsible": "Responsible", "f_deadline": "Deadline", "f_status": "Status", "f_priority": "Priority",
        "f_response": "Management response", "f_population": "Population", "f_baseline": "Baseline",
        "f_target": "Target", "f_actual": "Actual",
    },
    "es": {
        "ui_lang": "Idioma de la interfaz",
        "tab_ask": "Preguntar",
        "tab_compare": "Comparar",
        "tab_library": "Biblioteca",
        "tab_records": "Registros",
        "question": "Pregunta (en español o inglés)",
        "question_ph": "p. ej. ¿Qué porcentaje de personas refugiadas vivía en asentamientos seguros en 2023?",
        "ask": "Preguntar",
        "docs": "Documentos (ninguno: todos)",
        "lang_filter": "Idioma del pasaje",
        "any": "cualquiera",
        "k": "Número de pasajes",
        "export_md": "Descargar Markdown",
        "export_csv": "Descargar CSV",
        "answer": "Respuesta",
        "no_answer": "Ningún pasaje responde a esto",
        "closest": "Pasajes más cercanos:",
        "answers_by_doc": "Respuesta por documento",
        "no_answer_doc": "Sin respuesta en este documento",
        "strong": "coincidencia fuerte",
        "partial": "coincidencia parcial",
        "weak": "coincidencia débil",
        "check_passage": "revise el pasaje",
        "topic_match": "sobre el tema",
        "no_hits": "No se encontraron pasajes. Pruebe otras palabras o quite los filtros.",
        "passages": "Pasajes",
        "context": "Ver en contexto",
        "context_note": "Texto vecino en la(s) misma(s) página(s); el pasaje aparece resaltado.",
        "empty_question": "Escriba primero una pregunta.",
        "too_long": "La pregunta tiene {n} caracteres; acórtela a {max}.",
        "topic": "Tema o pregunta",
        "topic_ph": "p. ej. compromisos sobre integración local",
        "compare_docs": "Documentos a comparar (todos si no elige ninguno)",
        "compare_k": "Pasajes por documento",
        "compare": "Comparar",
        "nothing_found": "Nada sobre este tema en este documento.",
        "cmp_docx": "Descargar Word",
        "tab_track": "Seguimiento",
        "track_doc": "Plan o respuesta gerencial",
        "track_in": "Informes donde buscar (todos los demás si no elige ninguno)",
        "track": "Seguir",
        "track_pick": "Elija un documento con compromisos, recomendaciones o acciones.",
        "track_head": "{doc}: {n} de {total} elementos aparecen en los otros documentos",
        "no_later": "Ningún informe posterior lo menciona.",
        "records": "Registros",
        "library_docs": "Documentos en el índice",
        "upload": "Añadir archivos PDF, Word, HTML, TXT o MD",
        "add": "Añadir al índice",
        "added": "{n} añadidos, {u} actualizados, {k} sin cambios; el índice tiene ahora {c} pasajes.",
        "no_files": "Elija primero uno o más archivos.",
        "up_dup_name": "ya hay en la Biblioteca otro documento llamado '{doc}'; cambie el nombre del archivo "
                       "o marque «{replace}» para reemplazarlo",
        "up_dup_content": "el mismo contenido ya está en la Biblioteca como '{doc}'; no hay nada que añadir",
        "up_too_big": "el archivo supera el límite de {mb} MB; divídalo en archivos más pequeños",
        "col_title": "Título",
        "col_doc": "Documento",
        "col_lang": "Idioma",
        "col_pages": "Páginas",
        "col_chunks": "Pasajes",
        "col_ingested": "Ingresado el",
        "kind": "Tipo",
        "status": "Estado",
        "all": "todos",
        "records_csv": "Descargar registros CSV",
        "no_records": "Este índice aún no tiene registros estructurados.",
        "reading": "Leyendo",
        "embedding": "Calculando vectores y escribiendo el índice",
        "replace": "Reemplazar los documentos indexados que tengan el mismo nombre",
        "generated": "Respuesta generada — cada afirmación verificada con los pasajes",
        "generating": "Generando una respuesta…",
        "sources": "Fuentes",
        "page_view": "Verlo en la página ({label})",
        "page_note": "La página tal como se imprimió; el pasaje aparece resaltado.",
        "page_alt": "Página {p} de {doc}, con el pasaje resaltado",
        "open_file_page": "Abrir el archivo original en la página {p}",
        "open_file": "Abrir el archivo original",
        "brief_title": "Informe de Puente",
        "brief_no_answer": "Sin respuesta: ningún pasaje responde a esta pregunta con confianza.",
        "brief_listed": "También encontrado (coincidencia débil, no citado)",
        "word_brief": "Informe Word (preguntas de esta sesión)",
        "rec_topic": "Tema (en español o inglés)",
        "rec_topic_ph": "p. ej. género, integración local, registration",
        "n_records": "{n} registros",
        "no_records_match": "Ningún registro coincide con estos filtros.",
        "kind_recommendation": "recomendación", "kind_action": "acción", "kind_commitment": "compromiso",
        "kind_indicator": "indicador", "kind_priority": "prioridad",
        "f_responsible": "Responsable", "f_deadline": "Plazo", "f_status": "Estado", "f_priority": "Prioridad",
        "f_response": "Respuesta de la gerencia", "f_population": "Población", "f_baseline": "Línea de base",
        "f_target": "Meta", "f_actual": "Valor alcanzado",
    },
}

_ES_HINT = re.compile(
    r"[¿¡ñ]|\b(qué|cuál|cuáles|cómo|quién|quiénes|dónde|cuándo|cuánto|cuántos|cuántas|el|la|los|las|del|para|por|una|según|sobre|personas)\b",
    re.I,
)
_EN_HINT = re.compile(r"\b(what|which|how|who|where|when|the|of|for|and|according|to|did|does|is|are)\b", re.I)


def t(key: str, lang: str, **kw) -> str:
    """The label ``key`` in ``lang`` (English when unknown), formatted with ``kw``."""
    table = LABELS.get(lang, LABELS["en"])
    text = table.get(key, LABELS["en"][key])
    return text.format(**kw) if kw else text


def normalise(lang: str | None, default: str = "en") -> str:
    """``es-MX``/``ES``/``Español`` → ``es``; anything not Spanish or English → ``default``."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGS else default


def question_lang(text: str, default: str = "en") -> str:
    """The language of a question, for the labels: langdetect, then cue words for short text."""
    from puente.common.lang import detect_lang

    found = detect_lang(text or "", default="")
    if found in LANGS:
        return found
    es = len(_ES_HINT.findall(text or ""))
    en = len(_EN_HINT.findall(text or ""))
    if es == en:
        return default
    return "es" if es > en else "en"


def strength_label(answer, lang: str = "en") -> str:
    """"strong match", or "partial match — check the passage"."""
    label = t(answer.strength or "partial", lang)
    return label if answer.strength == "strong" else f"{label} — {t('check_passage', lang)}"
