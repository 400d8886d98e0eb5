"""Maintainer tooling, outside the learners' package: what course.py and the tests run.

    notebook_tools    execute a lesson in place (python3 course.py execute); check that what is
                      stored is one clean run (tests/test_notebook_hygiene.py)
    browser_session   JupyterLab in headless Chromium (tests/test_browser.py; the README's picture,
                      python3 course.py screenshot)
    prose_numbers     the numbers a lesson's prose quotes, looked up in its compared outputs
                      (tests/test_prose_numbers.py)
    lessons           the lessons in reading order, their titles, the solution-cell convention
    website           the course as a static website (python3 course.py site; site_files/)
    student           the student edition: the lessons without their solutions (python3 course.py student)
"""
