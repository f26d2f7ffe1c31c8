"""Lesson 3: the contact centre, its log, failure demand, Erlang C, AHT pressure, the triple crown."""
