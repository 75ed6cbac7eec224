from __future__ import annotations

import pytest

from provenance.analysis import analyze
from provenance.model import Document
from provenance.outlets import default_registry
from provenance.quotes import find_quotes
from provenance.speakers import attribute, person_name


def speakers(text: str) -> list[str | None]:
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    qs = find_quotes(an)
    return [s.name if s else None for s in attribute(an, qs, default_registry())]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ('"We are not sharing target info," Department of Defense spokesman Eric Pahon told TASS.', "Eric Pahon"),
        ("“Nothing has changed,” said Col. John Dorrian, a coalition spokesman.", "John Dorrian"),
        ("White House Press Secretary Sean Spicer said: “If there is a way, sure we’ll take it.”", "Sean Spicer"),
        ("White House Press Secretary Sean Spicer said:\n\n“If there is a way, sure we’ll take it.”", "Sean Spicer"),
        ("According to Eric Pahon, the department “maintains a channel of communication.”", "Eric Pahon"),
        ("A spokesman for the coalition, Colonel John Dorrian, dismissed it as “rubbish.”", "John Dorrian"),
        ("Navy Capitan Jeff Davis said their talks were restricted to routine “deconfliction.”", "Jeff Davis"),
        ("“The strikes were effective,” the Russia Defense Ministry said in a statement on Monday.", "Russian Defense Ministry"),
        ("“The operation succeeded,” the Russian defense ministry was quoted by TASS news agency as saying.", "Russian Defense Ministry"),
        ("The judge, Mr Justice Forbes, said: ``It is an extremely sad case.''", "Forbes"),
        ("“We will act quickly to restore order in the city” — John Smith, mayor of Springfield", "John Smith"),
        ("“The strikes were effective,” — the Russia Defense Ministry said on Monday.", "Russian Defense Ministry"),
    ],
)
def test_attribution_patterns(text, who):
    assert speakers(text) == [who]


def test_surname_pronoun_role_and_continuation_resolve_in_the_article():
    text = (
        '"We are not sharing target info," Department of Defense spokesman Eric Pahon told TASS.\n\n'
        '"The department is not coordinating airstrikes," he stressed.\n\n'
        '"Our policy has not changed," the Pentagon spokesman went on to say. "We continue to talk."\n\n'
        '"That restriction is now law," Pahon added.'
    )
    assert speakers(text) == ["Eric Pahon"] * 5


def test_the_ministry_resolves_to_the_ministry_the_article_names():
    text = ("Russia's Defense Ministry said it struck targets.\n\n"
            "“Analysis of the results shows high efficiency,” the ministry said. “[These actions were] aimed at terrorists.”")
    assert speakers(text) == ["Russian Defense Ministry", "Russian Defense Ministry"]


def test_unknown_stays_unknown():
    assert speakers("Responding to claims it “received target coordinates from the hotline,” officials were silent.") == [None]
    assert speakers("“It was a disaster” — a view shared by many officials.") == [None]
    assert speakers("The word “deconfliction” appeared in the report.") == [None]


def test_an_outlet_credited_after_a_quote_is_not_its_speaker():
    assert speakers("Colonel John Dorrian said that such claims were “rubbish,” said Reuters.") == ["John Dorrian"]
    assert speakers("“The claims are rubbish,” Reuters reported.") == [None]


def test_words_that_open_a_sentence_are_not_first_names():
    text = ("Kevan Roberts, 41, denied the charge.\n\n"
            "Yesterday Roberts said: “I am innocent.”\n\n"
            "Thrilled Noel, 33, said: “The baby was born at 1.17pm.” Noel was thrilled.\n\n"
            "NEIL Hamilton told the court: “I never took cash.”")
    assert speakers(text) == ["Kevan Roberts", "Noel", "Neil Hamilton"]


def test_person_names_lose_titles_and_roles():
    assert person_name("White House Press Secretary Sean Spicer") == "Sean Spicer"
    assert person_name("Department of Defense spokesman Eric Pahon") == "Eric Pahon"
    assert person_name("By Doug G. Ware") == "Doug G. Ware"
    assert person_name("the Pentagon spokesman") is None


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # three name words stay three
        ("“Enough is enough,” North Korean leader Kim Jong Un said.", "Kim Jong Un"),
        ("“We will respond,” said Recep Tayyip Erdoğan, Turkey’s president.", "Recep Tayyip Erdoğan"),
        ("“Justice was served,” said Ruth Bader Ginsburg.", "Ruth Bader Ginsburg"),
        ("“The situation is dire,” said Dr. Tedros Adhanom Ghebreyesus, the WHO chief.", "Tedros Adhanom Ghebreyesus"),
        ("“No,” said Egyptian President Abdel Fattah el-Sisi.", "Abdel Fattah el-Sisi"),
        # what is not a name goes: a possessive, the sentence's full stop, post-nominals, titles
        ("“It is a new era,” said Russia’s Vladimir Putin.", "Vladimir Putin"),
        ("“We will win,” said Hezbollah's Hassan Nasrallah.", "Hassan Nasrallah"),
        ("“We agree,” said Tim Cook.", "Tim Cook"),
        ("“Brexit means Brexit,” said Theresa May. She left.", "Theresa May"),
        ("“The claim fails,” said Alun Jones QC.", "Alun Jones"),
        ("Tense-looking Mr Hamilton told the court: “I never took cash.”", "Hamilton"),
        ("“We agree,” said Google Chief Executive Sundar Pichai.", "Sundar Pichai"),
        ("“We lost,” said Sheriff Joe Arpaio.", "Joe Arpaio"),
        # an occupation opening a sentence before two name words is not a first name
        ("The court sat.\nProsecutor Paul Sloan said: “The sheep were left to rot.”", "Paul Sloan"),
        ("It ended.\nPresenter Esther Rantzen asked: “Did you ever feel low?”", "Esther Rantzen"),
    ],
)
def test_names_of_three_words_and_what_is_not_a_name(text, who):
    assert speakers(text) == [who]


def test_a_word_the_article_writes_without_the_name_is_not_a_first_name():
    text = ("Veteran Anna Blake said: “We will keep going.”\n\n"
            "Anna Blake, who founded the group in 2001, was arrested twice.")
    assert speakers(text) == ["Anna Blake"]


def test_a_surname_resolves_to_a_full_name_given_with_post_nominals():
    text = ("Charles Wide QC, prosecuting, outlined the case.\n\n"
            "“Thomas had plainly arranged to meet someone,” Mr Wide said.")
    assert speakers(text) == ["Charles Wide"]


@pytest.mark.parametrize(
    ("text", "who", "kind"),
    [
        ("“Rates will rise,” the Norland Central Bank said.", "Norland Central Bank", "organization"),
        ("“Rates will rise,” a spokesman for the Bank of England said.", "Bank of England", "organization"),
        ("“Rates will rise,” said John Smith, a spokesman for the Bank of England.", "John Smith", "person"),
        ("“The vaccine is safe,” the World Health Organization said.", "World Health Organization", "organization"),
        ("“He was arrested,” Scotland Yard said.", "Metropolitan Police", "organization"),
        ("Insp David Michael, chairman of the Black Police Association, said: “Questions remain.”", "David Michael",
         "person"),
    ],
)
def test_institutions_are_organizations_not_people(text, who, kind):
    an = analyze(Document(id="d", path="d", text=text, format="txt", encoding=None))
    assert [(s.name, s.kind) for s in attribute(an, find_quotes(an), default_registry()) if s] == [(who, kind)]


def test_tex_closing_quotes_then_the_speaker():
    text = ("Colin Boyd QC, for the Crown, outlined the case.\n\n"
            "``There are very real concerns about the safety of this witness,'' said Mr Boyd.")
    assert speakers(text) == ["Colin Boyd"]


def test_an_aside_and_a_hyphenated_title_are_not_names():
    assert speakers("U.S. Secretary of State Antony Blinken, speaking in Brussels, said: “Our support will not waver.”") \
        == ["Antony Blinken"]
    assert speakers("NATO Secretary-General Jens Stoltenberg said the alliance “must do more.”") == ["Jens Stoltenberg"]


def test_a_quote_someone_else_is_said_to_say_does_not_continue_the_previous_speaker():
    text = ("“We need air defense now,” Volodymyr Zelenskyy said.\n\n"
            "“All were shot down,” the crew of the frigate said.")
    assert speakers(text) == ["Volodymyr Zelenskyy", None]
    text = ("“We need air defense now,” Volodymyr Zelenskyy said.\n\n"
            "“All were shot down,” the air force said on Telegram.")
    assert speakers(text) == ["Volodymyr Zelenskyy", "air force"]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("“It's bad news for borrowers,” according to Greg McBride of Bankrate.", "Greg McBride"),
        # an adverb between the speaker and the verb
        ("“We will fight on the beaches,” Churchill famously said in 1940.", "Churchill"),
        ("“We have nothing to add,” Peskov reportedly told reporters.", "Peskov"),
        ("Asked why, Cobb allegedly said: “I was only having a bit of a feel.”", "Cobb"),
        ("Senator Elizabeth Warren (D-Mass.) called the decision “a mistake.”", "Elizabeth Warren"),
        ("“The No 1 slot is too close to call,” said Gennaro Castalado of music giants HMV.", "Gennaro Castalado"),
    ],
)
def test_what_follows_a_name_is_not_the_speaker(text, who):
    assert speakers(text) == [who]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a quote paragraph no one is said to say, after a paragraph reporting what someone said
        ('Mr Smith said the company had acted lawfully and would appeal.\n\n"We did nothing wrong."', ["Smith"]),
        ("John Farmer, prosecuting, said the family saw people on their land.\n\n“People were in the field.”",
         ["John Farmer"]),
        # not when the paragraph before quotes someone itself, or reports no one
        ("Nicholls said: 'His primary concern is the law. Nobody had suggested he is responsible.\n\n"
         "'His hand is not on these deeds.'", [None]),
        ('The couple spoke out after the ruling.\n\n"I have found that the accused is unfit."', [None]),
        ('Prices rose sharply in May.\n\n"We did nothing wrong."', [None]),
    ],
)
def test_a_quote_paragraph_after_reported_speech(text, who):
    assert speakers(text) == who


def test_first_names_shaped_like_no_occupation_stay():
    assert speakers("It ended.\nLee Hsien Loong said: “We will adapt.”") == ["Lee Hsien Loong"]
    assert speakers("It ended.\nSunil Kumar Singh said: “We will adapt.”") == ["Sunil Kumar Singh"]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a pronoun refers to whoever the sentences since the last speaker say spoke
        ('Mr Lamb said the company would appeal. "We will not give up," he said.', ["Lamb"]),
        ("Mr Hulett said that the notes told of how he felt.\n\nHe said: ``He goes on to relate it.''", ["Hulett"]),
        ('"We are shocked," Mr Lamb said. Karin Holst told the court she took a picture of the students.\n\n'
         'She said: "I called out to Ramona."', ["Lamb", "Karin Holst"]),
        # a clause, then who said it
        ('The goalkeeper had a dark side which was exposed by the paper, said the QC, George Carman.\n\n'
         'He was a man with "a fondness for deception," he added.', ["George Carman"]),
        # an opening clause, and the place after an aside, are not who spoke
        ('Sentencing Coleman, Mr Justice Moreland said he would wait. He said: "It may be some weeks."',
         ["Moreland"]),
        ('Matthew\'s father Neil Smith, 24, from Runcorn, Cheshire, said he was considering action. He said: '
         '"We take some comfort."', ["Neil Smith"]),
        # "she" is no one the article calls Mr, "he" no one it calls Mrs; another's title in an
        # apposition says nothing of the speaker
        ('"It is odd," Prof Kennedy said. Mrs Hawkins said she had faxed her statement.\n\n'
         'He said: "There may be an answer."', ["Kennedy", "Kennedy"]),
        ('"We will appeal," Mr Lamb said.\n\nThe verdict was read at noon. "It is a scandal," she said.', ["Lamb", None]),
        ('Richard Gordon QC, representing Mrs Coughlan, said the minister was wrong. He said: "It is his duty."',
         ["Richard Gordon"]),
        # no one said anything since: the pronoun stays unresolved, and a quote in between is no subject
        ('The bridge fell at night. "It looked like a movie," she said.', [None]),
        ('"Clinically, I should be dead," Sir Elton John said.\n\n"I could not really talk," he said.',
         ["Elton John", "Elton John"]),
    ],
)
def test_a_pronoun_refers_to_who_was_last_said_to_speak(text, who):
    assert speakers(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a clause, then the pronoun that speaks: not the last name in the clause
        ("Mr Dodd said he had worked for him. Asked about the hotel in Paris, he said: 'It cost a fortune.'",
         ["Dodd"]),
        ("Mr Dodd said he left. To protests from Mr George Carman QC, for Mr Al Fayed, he went on: "
         "``I can understand.''", ["Dodd"]),
        # whom a pronoun resolved to (from a sentence before) is the last one speaking after it
        ('Ms Gough said the college could not define it. "It is unfair," she said.\n\n'
         'The RCN also spoke. "Care should be free," she said.', ["Gough", "Gough"]),
        # hearsay in the passive is nobody's words
        ("He made 'fictitious' entries at the offices in Park Lane, where Mr Hamilton is said to have taken cash.",
         [None]),
        ('Nora Pollard endured "extremely abusive" behaviour from Darren Lambert, the Old Bailey was told.', [None]),
        # a verb that says someone spoke beside the quote only
        ("Mr Carman intervened: 'My Lord, will you stop this witness please?'", ["Carman"]),
        ("Mr Dodd carried on: 'So he would say come as my guest.'", ["Dodd"]),
        ("Lord Woolf said Frank Dobson, who intervened in the case, should make "
         "``some contribution to the burden''.", ["Woolf"]),
        ("'And since when,' retorted Mr Carman, 'did it matter?'", ["Carman", "Carman"]),
        # after the verb of an inverted sentence, a clause names no one
        ("Mr Lamb said he would wait.\n\nIt was not until October that the second victim, a woman of 20, "
         "complained that he had raped her in the cells at Parkside.\n\nShe said she tried 'two or three' times.",
         [None]),
        # initials are an institution; a headline in capitals gives no first name
        ("NHS SHOULD PAY, SAYS RCN\n\nThe RCN claims it amounts to ``silent privatisation''.", ["RCN"]),
    ],
)
def test_clauses_before_a_pronoun_passives_and_verbs_beside_the_quote(text, who):
    assert speakers(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a relative clause between a name and its verb names no one
        ("Jonathan Sumption, who defended the decision on compassionate grounds, said one letter had "
         "contained a 'diatribe'.", ["Jonathan Sumption"]),
        ("Asked if Patsy and husband Liam Gallagher, who were at the premiere, would ask her to babysit, "
         'Liz replied: "I do hope not."', ["Liz"]),
        # an opening participle with its agent: the subject is the last name
        ("Quizzed by Mr Fayed's QC, George Carman, Mr Dodd denied being sacked. He said: 'I came here willingly.'",
         ["Dodd"]),
        # a sentence's quotes share its speaker
        ("Mr White said he 'very rarely drank' and might have a glass of wine 'from time to time'.",
         ["White", "White"]),
        # a role is the person the article described so before ("Judge Michael Burr", "the Solicitor
        # General for Scotland, Mr Colin Boyd QC")
        ('Judge Michael Burr banned him from grounds for three years. The judge told him: "Racist remarks '
         'must be stamped out."', ["Michael Burr"]),
        ("The bid was made by the Solicitor General for Scotland, Mr Colin Boyd QC, at the hearing.\n\n"
         "The Solicitor General replied that it was ``not unusual''.", ["Colin Boyd"]),
        # a pronoun: the person the sentence before opens with, through sentences opening with a
        # pronoun, whatever they did
        ("Jonathan Sumption QC, acting for the Home Secretary, rejected the arguments of counsel. He warned "
         "that extradition was becoming an end in itself. He said: ``The Home Secretary is aware.''",
         ["Jonathan Sumption"]),
        ("Lockerbie trial judge Lord Sutherland today ruled on the charge.\n\nRuling against the defence, "
         "he said: ``I am satisfied.''", ["Sutherland"]),
        # ... but not past a sentence that opens with something else, and not with a pronoun no
        # one is known for
        ("Smith had tried to take his own life. After the case Miss Hunter held her son. "
         "She said: 'It is a great relief.'", [None]),
        ('Magistrates heard that when police asked why, he said he had "sensitive skin".', [None]),
        ('Tagg had calmed down, he said, and spoke in a ``civilised\'\' manner.', [None]),
    ],
)
def test_relative_clauses_participles_roles_and_the_person_a_pronoun_follows(text, who):
    assert speakers(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # names in any Latin, Greek or Cyrillic capitals
        ('"We will win," said Émile Durand, the mayor.', ["Émile Durand"]),
        ('"Nothing has changed," Özil said.', ["Özil"]),
        ('Ægir Ólafsson told reporters: "We are ready."', ["Ægir Ólafsson"]),
        ('"This is wrong," said Ángel Di María.', ["Ángel Di María"]),  # a particle, not a detective inspector
        ('DI John Smith said: "We are appealing for witnesses."', ["John Smith"]),
        # Russian, as TASS writes it
        ("«Это провокация», — заявил Дмитрий Песков.", ["Дмитрий Песков"]),
        ("Дмитрий Песков заявил: «Это провокация».", ["Дмитрий Песков"]),
    ],
)
def test_names_in_other_alphabets_and_russian_speech_verbs(text, who):
    assert speakers(text) == who


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # without titles, a given name says whom "she" and "he" can be
        ('"It is a waste," said John Doe. Mayor Jane Smith said the plan would go ahead.\n\n'
         '"We have the votes," she said. "It is done," he said.', ["John Doe", "Jane Smith", "John Doe"]),
        ('Jane Smith, the mayor, said the plan was sound. John Doe disagreed. "It is a waste of money," Doe said.'
         '\n\n"We will go ahead anyway," she said.', ["John Doe", None]),
        # an opening clause before the person a pronoun follows
        ("After hearing her evidence, Professor Ian Kennedy professed concern about the lack of help. He said: "
         '"There may be an answer."', ["Ian Kennedy"]),
        # more than a subject before a sentence's first speech verb (here a noun): its opening person
        ("Mr Hampton, for the defendants, was making his closing submission in the action against the "
         'historian Deborah Lipstadt over claims in her book.\n\nHe said: "The evidence has shown it."', ["Hampton"]),
        ("Owen himself would have wanted the comedy to continue after his death, Sallis told a radio station.\n\n"
         "``I think that Kathy is wrong,'' he said.", ["Sallis"]),
    ],
)
def test_given_names_opening_clauses_and_long_subjects(text, who):
    assert speakers(text) == who
