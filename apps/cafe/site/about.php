<?php
// About the café.
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>About · The Café</title></head>
<body>
  <h1>About us</h1>
  <p>A family café since 1998.</p>
  <p><a href="/cafe/">Home</a></p>
</body>
</html>
