from assistant.core.text import join_lines, split_lines, split_sentences


def test_sentences_split_at_stops_but_not_at_abbreviations_or_numbers():
    text = "Dr. Smith arrived at 10 a.m. on Monday. He said: \"It works!\" Is it true? Yes, e.g. in the 3. test."
    assert split_sentences(text) == [
        "Dr. Smith arrived at 10 a.m. on Monday.",
        'He said: "It works!"',
        "Is it true?",
        "Yes, e.g. in the 3. test.",
    ]


def test_decimal_numbers_and_initials_stay_whole():
    assert split_sentences("Pi is 3.14 roughly. J. R. R. Tolkien wrote it.") == ["Pi is 3.14 roughly.", "J. R. R. Tolkien wrote it."]


def test_chinese_and_japanese_split_without_spaces():
    assert split_sentences("今天天气很好。我们去公园吧！你来吗？") == ["今天天气很好。", "我们去公园吧！", "你来吗？"]
    assert split_sentences("東京は大きいです。「本当？」と聞いた。") == ["東京は大きいです。", "「本当？」と聞いた。"]


def test_mixed_scripts():
    assert split_sentences("Hello there. 你好。How are you?") == ["Hello there.", "你好。", "How are you?"]


def test_lines_keep_blank_lines_and_indentation():
    text = "First one. Second one.\n\n    Indented line.\nLast"
    lines = split_lines(text)
    assert [len(line.sentences) for line in lines] == [2, 0, 1, 1]
    translated = ["A.", "B.", "C.", "D"]
    assert join_lines(lines, translated) == "A. B.\n\n    C.\nD"


def test_join_for_languages_without_spaces():
    lines = split_lines("One. Two.")
    assert join_lines(lines, ["一。", "二。"], joiner="") == "一。二。"
