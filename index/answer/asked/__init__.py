"""What a question asks for and pins down (``question.analyse``), and how well a text has that type of answer
(``answer_type.type_match``). No model."""
