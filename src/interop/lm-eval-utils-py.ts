// The utils.py the exported lm-evaluation-harness tasks call: the kick and strict rules of
// src/tasks/scoring/ in Python, line for line (factoid.ts, mcr.ts, icr.ts, normalize.ts), and the
// hub-row mappings of src/tasks/datasets/hub-mappers.ts.
export const LM_EVAL_UTILS_PY = String.raw`"""KICK rules for lm-evaluation-harness, written by KICK Lab.

Each task's process_results returns both scores: "kick" (the rule of the LLM-KICK reference code,
VITA-Group/llm-kick@70f98d7, bugs included) and "strict" (the bugs fixed). The rules are the lab's
src/tasks/scoring/*.ts in Python; the prompts are rendered by the task YAMLs' Jinja templates.
"""

import re

# --- Factoid-QA (FreebaseQA) ---------------------------------------------------------------

FACTOID_PROMPT = "Please give answer to this question: {question}\nThe answer is "


def _freebase_aliases(doc):
    """Parses[0].Answers[0].AnswersName, whichever way the hub nests the sequence of structs."""
    parses = doc["Parses"]
    first = parses[0]["Answers"] if isinstance(parses, list) else (parses["Answers"][0] if parses["Answers"] else None)
    if isinstance(first, list):
        return list(first[0]["AnswersName"]) if first else []
    if first:
        return list(first["AnswersName"][0]) if first["AnswersName"] else []
    return []


def process_freebase(dataset):
    with_answers = dataset.map(lambda doc: {"answers": _freebase_aliases(doc)})
    # The lab skips a question that is empty or has no non-empty alias.
    return with_answers.filter(lambda doc: doc["RawQuestion"].strip() and any(a.strip() for a in doc["answers"]))


def _squash(text):
    # The reference strips, removes only ' ' (not tabs or newlines) and lowercases.
    return text.strip().replace(" ", "").lower()


def factoid_results(doc, results):
    continuation = results[0]
    prompt = FACTOID_PROMPT.format(question=doc["RawQuestion"])
    # kick: the decoded prompt + output is searched, so an alias inside the question counts.
    hay = _squash(prompt + continuation)
    kick = any(_squash(a) in hay for a in doc["answers"])
    out = _squash(continuation)
    strict = any(_squash(a) and _squash(a) in out for a in doc["answers"])
    return {"kick": float(kick), "strict": float(strict)}


# --- MCR-QA (MMLU) -------------------------------------------------------------------------

# pandas.read_csv's missing-value strings: the reference shows such a cell as "nan".
PANDAS_NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
             "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}


def _cell(text):
    return "nan" if text in PANDAS_NA else text


def process_mmlu(dataset):
    return dataset.map(lambda doc: {"question": _cell(doc["question"]), "choices": [_cell(c) for c in doc["choices"]]})


def mmlu_kick_results(doc, results):
    # kick: one greedy token, the last character of prompt + token. The prompt ends with ':', which
    # is never a letter, so an empty continuation scores 0 as in the reference.
    continuation = results[0]
    predicted = continuation[-1] if continuation else ":"
    return {"kick": float(predicted == "ABCD"[doc["answer"]])}


# --- ICR-QA (TriviaQA rc) ------------------------------------------------------------------

ICR_CONTEXT_CHARS = 3072
_ASCII_PUNCT = set('!"#$%&\'()*+,-./:;<=>?@[\\]^_` + "`" + String.raw`{|}~')
_EXTRA_PUNCT = {"\u2018", "\u2019", "\u00b4", "` + '`' + String.raw`"}


def normalize_answer(s):
    text = s.replace("_", " ").lower()
    text = "".join(" " if ch in _ASCII_PUNCT or ch in _EXTRA_PUNCT else ch for ch in text)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split()).strip()


def _token_f1(prediction, gold):
    pred = normalize_answer(prediction).split()
    truth = normalize_answer(gold).split()
    counts = {}
    for t in truth:
        counts[t] = counts.get(t, 0) + 1
    same = 0
    for t in pred:
        if counts.get(t, 0) > 0:
            same += 1
            counts[t] -= 1
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(truth)
    return 2 * precision * recall / (precision + recall)


def _context(doc):
    wiki = doc["entity_pages"]["wiki_context"]
    search = doc["search_results"]["search_context"]
    return (wiki[0] if wiki else "") + (search[0] if search else "")


def _question_part(question, open_book):
    lead = "Based on these texts, answer these questions:" if open_book else "Answer these questions:"
    return f"{lead}\n\nQ: {question}\nA:"


def _icr_prompt(doc, open_book):
    context = _context(doc)[:ICR_CONTEXT_CHARS] if open_book else ""
    return f"{context}\n\n{_question_part(doc['question'], open_book)}".strip()


def _golds(doc):
    answer = doc["answer"]
    if answer["normalized_aliases"]:
        return list(answer["normalized_aliases"])
    return [answer["value"]] + [a for a in answer["aliases"] if a != answer["value"]]


def process_triviaqa_closed(dataset):
    return dataset.filter(lambda doc: doc["question"].strip() and _golds(doc))


def process_triviaqa_open(dataset):
    # The open book needs evidence: the lab skips a question without it.
    return process_triviaqa_closed(dataset).filter(lambda doc: _context(doc))


def _icr_results(doc, results, open_book):
    continuation = results[0]
    parts = (_icr_prompt(doc, open_book) + continuation).split(_question_part(doc["question"], open_book))
    tail = parts[1] if len(parts) > 1 else continuation
    prediction = tail.strip().split("\n")[0]
    golds = _golds(doc)
    np_ = normalize_answer(prediction)
    # kick: either normalised string inside the other, so an empty prediction scores 1 (the bug).
    kick = max(float(normalize_answer(g) in np_ or np_ in normalize_answer(g)) for g in golds)
    strict = max(float(normalize_answer(g) == np_) for g in golds)
    f1 = max(_token_f1(prediction, g) for g in golds)
    return {"kick": kick, "strict": strict, "f1": f1}


def triviaqa_closed_results(doc, results):
    return _icr_results(doc, results, open_book=False)


def triviaqa_open_results(doc, results):
    return _icr_results(doc, results, open_book=True)


# --- Perplexity (WikiText-2 raw test) ------------------------------------------------------


def process_wikitext(dataset):
    # The reference scores "\n\n".join(test["text"]) as one text.
    from datasets import Dataset

    return Dataset.from_list([{"page": "\n\n".join(dataset["text"])}])
`;
