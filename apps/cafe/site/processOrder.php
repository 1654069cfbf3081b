<?php
// The order endpoint: each POST is one order click (the café's revenue metric counts these).
require __DIR__ . "/items.php";
if ($_SERVER["REQUEST_METHOD"] !== "POST") {
    http_response_code(405);
    header("Allow: POST");
    exit;
}
$items = cafe_items();
$id = $_POST["item"] ?? "";
if (!isset($items[$id])) {
    http_response_code(400);
    echo "Unknown item";
    exit;
}
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Order received · The Café</title></head>
<body>
  <h1>Thank you!</h1>
  <p>Your <?= htmlspecialchars($items[$id]["name"]) ?> is on its way.</p>
  <p><a href="/cafe/menu.php">Back to the menu</a></p>
</body>
</html>
