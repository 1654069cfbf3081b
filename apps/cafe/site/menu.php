<?php
// The menu: every item has an "Order" button posting to processOrder.php.
require __DIR__ . "/items.php";
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Menu · The Café</title></head>
<body>
  <h1>Menu</h1>
  <ul>
  <?php foreach (cafe_items() as $id => $item): ?>
    <li>
      <?= htmlspecialchars($item["name"]) ?> — $<?= number_format($item["price"], 2) ?>
      <form method="post" action="/cafe/processOrder.php">
        <input type="hidden" name="item" value="<?= htmlspecialchars($id) ?>">
        <button type="submit">Order</button>
      </form>
    </li>
  <?php endforeach; ?>
  </ul>
</body>
</html>
