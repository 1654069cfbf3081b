<?php
// The café's items, by id.
function cafe_items(): array {
    return [
        "croissant" => ["name" => "Croissant", "price" => 2.50],
        "donut" => ["name" => "Donut", "price" => 1.75],
        "cheesecake" => ["name" => "Cheesecake", "price" => 4.00],
        "coffee" => ["name" => "Coffee", "price" => 3.00],
        "latte" => ["name" => "Latte", "price" => 3.75],
    ];
}
