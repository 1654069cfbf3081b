import { DASHBOARD_DEFAULTS, sizeKeyOf, type DashboardSection, type WidgetSpec } from "./args";

/** A rectangle on the dashboard grid. */
export interface GridBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A widget with its place on the grid; `heading` marks a section's generated heading. */
export interface PlacedWidget {
  widget: WidgetSpec;
  box: GridBox;
  /** Index of the section it belongs to. */
  section: number;
  heading: boolean;
}

/**
 * Lays sections out on CloudWatch's 24-column grid: each section starts on a new row with its
 * heading across the grid, then its widgets left to right in the order given, wrapping to a new
 * row when the next one does not fit (or asks for `newRow`); a row is as tall as its tallest
 * widget. Sizes are the kind's default (`DASHBOARD_DEFAULTS.sizes`) unless the widget sets its
 * own. The same sections always give the same layout.
 */
export function layoutSections(sections: DashboardSection[]): PlacedWidget[] {
  const cols = DASHBOARD_DEFAULTS.columns;
  const out: PlacedWidget[] = [];
  let top = 0;
  sections.forEach((section, si) => {
    if (section.title) {
      const markdown = `## ${section.title}${section.description ? `\n${section.description}` : ""}`;
      const height = DASHBOARD_DEFAULTS.headingHeight + (section.description ? 1 : 0);
      out.push({
        widget: { kind: "text", markdown, background: "transparent" },
        box: { x: 0, y: top, width: cols, height },
        section: si,
        heading: true,
      });
      top += height;
    }
    let x = 0;
    let rowHeight = 0;
    for (const widget of section.widgets) {
      const size = DASHBOARD_DEFAULTS.sizes[sizeKeyOf(widget)];
      const width = Math.min(widget.width ?? size.width, cols);
      const height = widget.height ?? size.height;
      if (x > 0 && (x + width > cols || widget.newRow)) {
        top += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      out.push({ widget, box: { x, y: top, width, height }, section: si, heading: false });
      x += width;
      rowHeight = Math.max(rowHeight, height);
    }
    top += rowHeight;
  });
  return out;
}

/** Whether two boxes share at least one grid cell. */
export function overlaps(a: GridBox, b: GridBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
