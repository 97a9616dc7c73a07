"""Drawing the statistics: what to draw (`charts`), for the terminal (`terminal`) and as one
self-contained HTML page of SVG charts (`html`, drawn by `svg`)."""
