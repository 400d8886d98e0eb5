"""Maintainer tooling, outside the learners' package: what course.py and the tests run.

    notebook_tools    execute a lesson in place (python3 course.py execute); check that what is
                      stored is one clean run (tests/test_notebook_hygiene.py)
    browser_session   JupyterLab in headless Chromium (tests/test_browser.py; the README's picture,
                      python3 course.py screenshot)
"""
