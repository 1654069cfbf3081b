<?php
// The café's home page.
$title = "The Café";
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title><?= htmlspecialchars($title) ?></title></head>
<body>
  <h1><?= htmlspecialchars($title) ?></h1>
  <p>Fresh coffee and pastries, baked every morning.</p>
  <nav><a href="/cafe/menu.php">Menu</a> · <a href="/cafe/about.php">About us</a></nav>
</body>
</html>
