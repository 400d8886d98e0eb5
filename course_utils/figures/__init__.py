"""Static figures of the lessons, and the pictures the widgets redraw."""
