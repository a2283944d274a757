"""A third language for the fixture course: French, added as a contributor adds one."""

import re

import yaml
from fixture_course import add_language

from tooling.languages import Course

FRENCH_WORDS = {
    "Fixture course": "Cours d'essai",
    "A short page with a": "Une page courte avec une",
    "and a link to the": "et un lien vers le",
    "[chapter](": "[chapitre](",
    "# Chapter {": "# Chapitre {",
    "Each epoch goes over the data once.": "Chaque époque parcourt les données une fois.",
    "Sums": "Sommes",
    "# sum": "# somme",
    "Note": "Remarque",
    "Back to the": "Retour à la",
    "home page": "page d'accueil",
    "Glossary": "Glossaire",
    "A tiny lesson": "Une toute petite leçon",
    "Adds two numbers.": "Additionne deux nombres.",
    "# the sum": "# la somme",
    "Check": "Vérification",
    "A block holding a state and turning inputs into outputs.": (
        "Un bloc qui garde un état et transforme des entrées en sorties."
    ),
    "One full pass over the training data.": "Un passage complet sur les données d'entraînement.",
}
FRENCH_TERMS = {"layer": "couche", "layers": "couches", "epoch": "époque", "epochs": "époques"}


def french(text: str) -> str:
    if text in FRENCH_TERMS:  # a glossary term
        return FRENCH_TERMS[text]
    text = re.sub(r"\A---\n.*?\n---\n\n", "", text, flags=re.DOTALL)  # the English page's own translation status
    for english, translated in FRENCH_WORDS.items():
        text = text.replace(english, translated)
    return text


def with_french(course: Course) -> Course:
    strings = yaml.safe_load((course.root / "languages" / "en.yml").read_text(encoding="utf-8"))
    strings.update(
        site_name="Keras et TensorFlow",
        site_description="Un cours de Keras et TensorFlow.",
        figure_alt="Figure tracée par le code de la cellule précédente",
    )
    strings["extra"]["not_found"] = {
        "title": "Page introuvable",
        "text": "Cette adresse n'existe pas.",
        "home": "Accueil",
    }
    strings["stale_translation"] = {
        "title": "Cette traduction est peut-être obsolète",
        "text": 'L\'original a changé. <a href="{url}" hreflang="{source}" lang="{source}">Lire la page espagnole</a>.',
    }
    strings["glossary"] = {"term": "Terme", "definition": "Définition", "api": "API"}
    return add_language(course, "fr", "Français", strings, french)
