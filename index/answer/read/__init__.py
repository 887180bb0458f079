"""Answer candidates read from the top passages: sentences, table rows, infographic boxes and labelled lines
(``candidates``), the fields of the records inside them (``records``, ``evidence``), and what an answer shows of its
passage (``text``)."""
