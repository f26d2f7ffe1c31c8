"""nbgrader settings so that `nbgrader generate_assignment` on solutions/ makes exactly the
participant notebooks in exercises/ (the same cells, sources and grade ids as `cxkit release`).

Coach-only content lives in nbgrader solution cells; both tools replace it with these stubs.
Keep them equal to cxkit.coach.authoring.CODE_STUB and TEXT_STUB (tests/test_nbgrader.py checks).
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.ClearSolutions.code_stub = {
    "python": "# The answer key and the coach's notes are in the coach's copy only."
}
c.ClearSolutions.text_stub = "&nbsp;"  # blank, but not an empty cell
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearSolutions.enforce_metadata = True
# The kit's own notebooks keep their outputs cleared and need no header or footer.
c.IncludeHeaderFooter.header = ""
c.IncludeHeaderFooter.footer = ""
