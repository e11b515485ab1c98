"""What several page views share (finding what a request names, paging, keeping unsent text), so
that view modules never import each other."""
