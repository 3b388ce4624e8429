"""Ranked passages → an answer: extractive composition, term matching, refusal, optional LLM, citations."""
