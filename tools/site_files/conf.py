# Sphinx configuration of the course's website, copied into the generated source folder by
# tools/website.py (python3 course.py site). The notebooks are rendered from their stored
# outputs, never executed; nothing is fetched from the network, at build time or when a page is
# viewed: no intersphinx, no launch buttons, no widget JavaScript from a CDN, and MathJax served
# from the site's own _static/mathjax (copied from the django-static-mathjax package).
import json
from pathlib import Path

_course = json.loads((Path(__file__).parent / "course.json").read_text(encoding="utf-8"))

project = _course["title"]
html_title = _course["short_title"]
language = "en"

extensions = ["myst_nb"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
myst_dmath_double_inline = True  # $$...$$ inside a paragraph, as JupyterLab renders it
nb_execution_mode = "off"          # the stored outputs are the lesson; never re-run here
nb_ipywidgets_js = {}              # no widget JavaScript (it would come from a CDN)
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown a cell displays: tables and maths, as in JupyterLab
exclude_patterns = ["**.ipynb_checkpoints", "course.json"]

mathjax_path = "mathjax/tex-chtml.js"   # relative: served from the site's _static folder

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
# The theme's header already has the search field: the sidebar keeps the title and the lessons.
html_sidebars = {"**": ["navbar-logo.html", "sbt-sidebar-nav.html"]}
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "launch_buttons": {},
    "navigation_with_keys": False,
    "footer_content_items": ["extra-footer"],
    "extra_footer": _course["footer"],
}


def _search_page_maths(app, pagename, templatename, context, doctree):
    """The search page gets MathJax too: its summaries quote the lessons' maths."""
    if pagename == "search":
        app.add_js_file("search-maths.js")
        app.add_js_file(mathjax_path, loading_method="defer")


def setup(app):
    app.connect("html-page-context", _search_page_maths)
