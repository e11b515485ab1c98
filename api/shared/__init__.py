"""What several API views share (finding what a request names, presenting it), so that view
modules never import each other."""
