/**
 * JSON Schema (draft-07) of a CloudWatch dashboard body, written from the API Reference page
 * "Dashboard Body Structure and Syntax": the top-level fields, the five widget types with their
 * required properties, the forms of a `metrics` array, annotations, yAxis and variables.
 * What a schema cannot say (grid geometry, overlaps, dimension pairs, `SOURCE` in a query,
 * expression ids) is checked in code by `validateDashboardBody`.
 */

const statistic = {
  type: "string",
  pattern: "^(SampleCount|Average|Sum|Minimum|Maximum|IQM|p\\d{1,2}(\\.\\d+)?|(tm|wm|tc|ts|pr)\\d*.*)$",
};
const region = { type: "string", minLength: 1 };
const period = { type: "integer", minimum: 1 };

const renderingProperties = {
  type: "object",
  properties: {
    id: { type: "string", pattern: "^[a-z][a-zA-Z0-9_]*$" },
    label: { type: "string" },
    color: { type: "string" },
    stat: statistic,
    period,
    visible: { type: "boolean" },
    yAxis: { enum: ["left", "right"] },
    region,
    accountId: { type: "string" },
  },
};

const expressionRow = {
  type: "array",
  minItems: 1,
  maxItems: 1,
  items: [
    {
      type: "object",
      required: ["expression"],
      properties: {
        expression: { type: "string", minLength: 1 },
        id: { type: "string", pattern: "^[a-z][a-zA-Z0-9_]*$" },
        label: { type: "string" },
        period,
        yAxis: { enum: ["left", "right"] },
        visible: { type: "boolean" },
        color: { type: "string" },
        region,
        accountId: { type: "string" },
      },
    },
  ],
};

/** `[Namespace, MetricName, (DimensionName, DimensionValue)*, {rendering}?]` */
const metricRow = {
  type: "array",
  minItems: 2,
  items: [
    { type: "string", minLength: 1 },
    { type: "string", minLength: 1 },
  ],
  additionalItems: { anyOf: [{ type: "string" }, renderingProperties] },
};

const annotationLine = {
  type: "object",
  required: ["value"],
  properties: {
    value: { type: "number" },
    label: { type: "string" },
    color: { type: "string" },
    fill: { enum: ["above", "below", "between", "none"] },
    visible: { type: "boolean" },
    yAxis: { enum: ["left", "right"] },
  },
};
const verticalLine = {
  type: "object",
  required: ["value"],
  properties: {
    value: { type: "string" },
    label: { type: "string" },
    color: { type: "string" },
    fill: { enum: ["before", "after", "none"] },
    visible: { type: "boolean" },
  },
};

const axisSide = {
  type: "object",
  properties: {
    min: { type: "number" },
    max: { type: "number" },
    label: { type: "string" },
    showUnits: { type: "boolean" },
  },
};

const metricProperties = {
  type: "object",
  required: ["region"],
  anyOf: [
    { required: ["metrics"] },
    { required: ["annotations"], properties: { annotations: { required: ["alarms"] } } },
    // Contributor Insights graphs, as the console writes them
    { required: ["insightRule"] },
  ],
  properties: {
    metrics: {
      type: "array",
      maxItems: 500,
      anyOf: [{ items: { anyOf: [expressionRow, metricRow] } }, metricRow],
    },
    annotations: {
      type: "object",
      properties: {
        alarms: { type: "array", items: { type: "string", pattern: "^arn:aws[a-z-]*:cloudwatch:" } },
        horizontal: {
          type: "array",
          items: {
            anyOf: [annotationLine, { type: "array", minItems: 2, maxItems: 2, items: annotationLine }],
          },
        },
        vertical: {
          type: "array",
          items: { anyOf: [verticalLine, { type: "array", minItems: 2, maxItems: 2, items: verticalLine }] },
        },
      },
    },
    insightRule: {
      type: "object",
      required: ["ruleName"],
      properties: {
        ruleName: { type: "string", minLength: 1 },
        maxContributorCount: { type: "integer", minimum: 1, maximum: 100 },
        orderBy: { enum: ["Sum", "Average", "Maximum", "Minimum", "SampleCount"] },
      },
    },
    accountId: { type: "string" },
    liveData: { type: "boolean" },
    legend: { type: "object", properties: { position: { enum: ["right", "bottom", "hidden"] } } },
    period: { type: "integer", minimum: 60, multipleOf: 60 },
    region,
    sparkline: { type: "boolean" },
    stacked: { type: "boolean" },
    stat: statistic,
    table: { type: "object" },
    timezone: { type: "string", pattern: "^[+-]\\d{4}$" },
    title: { type: "string" },
    view: { enum: ["timeSeries", "singleValue", "gauge", "bar", "pie", "table"] },
    yAxis: { type: "object", properties: { left: axisSide, right: axisSide } },
  },
  if: { required: ["view"], properties: { view: { const: "gauge" } } },
  then: {
    required: ["yAxis"],
    properties: { yAxis: { required: ["left"], properties: { left: { required: ["min", "max"] } } } },
  },
};

const logProperties = {
  type: "object",
  required: ["region", "query"],
  properties: {
    accountId: { type: "string" },
    region,
    title: { type: "string" },
    query: { type: "string", minLength: 1 },
    view: { enum: ["table", "timeSeries", "bar", "pie"] },
    stacked: { type: "boolean" },
  },
};

const textProperties = {
  type: "object",
  required: ["markdown"],
  properties: {
    markdown: { type: "string" },
    background: { enum: ["solid", "transparent"] },
  },
};

const alarmProperties = {
  type: "object",
  required: ["alarms"],
  properties: {
    alarms: {
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: { type: "string", pattern: "^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\\d{12}:alarm:.+$" },
    },
    sortBy: { enum: ["default", "stateUpdatedTimestamp", "timestamp"] },
    states: { type: "array", items: { enum: ["ALARM", "INSUFFICIENT_DATA", "OK"] } },
    title: { type: "string" },
  },
};

const explorerProperties = {
  type: "object",
  required: ["metrics"],
  properties: {
    metrics: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["metricName", "resourceType"],
        properties: {
          metricName: { type: "string" },
          resourceType: { type: "string" },
          stat: statistic,
        },
      },
    },
    labels: {
      type: "array",
      items: { type: "object", required: ["key"], properties: { key: { type: "string" } } },
    },
    period: { type: "integer", minimum: 1 },
    title: { type: "string" },
  },
};

const widgetFor = (type: string, properties: object) => ({
  if: { properties: { type: { const: type } } },
  then: { properties: { properties } },
});

export const DASHBOARD_BODY_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["widgets"],
  properties: {
    widgets: {
      type: "array",
      maxItems: 500,
      items: {
        type: "object",
        required: ["type", "properties"],
        properties: {
          type: { enum: ["metric", "text", "log", "alarm", "explorer"] },
          x: { type: "integer", minimum: 0, maximum: 23 },
          y: { type: "integer", minimum: 0 },
          width: { type: "integer", minimum: 1, maximum: 24 },
          height: { type: "integer", minimum: 1, maximum: 1000 },
          properties: { type: "object" },
        },
        dependencies: { x: ["y"], y: ["x"] },
        allOf: [
          widgetFor("metric", metricProperties),
          widgetFor("log", logProperties),
          widgetFor("text", textProperties),
          widgetFor("alarm", alarmProperties),
          widgetFor("explorer", explorerProperties),
        ],
      },
    },
    variables: {
      type: "array",
      maxItems: 25,
      items: {
        type: "object",
        required: ["type", "inputType", "id"],
        properties: {
          type: { enum: ["property", "pattern"] },
          inputType: { enum: ["input", "select", "radio"] },
          id: { type: "string", pattern: "^[0-9A-Za-z_-]{1,32}$" },
          label: { type: "string", maxLength: 30 },
          values: {
            type: "array",
            minItems: 1,
            maxItems: 500,
            items: {
              type: "object",
              required: ["value"],
              properties: {
                value: { type: ["string", "number", "boolean"] },
                label: { type: "string", maxLength: 255 },
              },
            },
          },
          search: { type: "string", maxLength: 2048 },
          populateFrom: { type: "string" },
          visible: { type: "boolean" },
        },
      },
    },
    start: { type: "string", pattern: "^(-P.+|\\d{4}-\\d\\d-\\d\\dT.+)$" },
    end: { type: "string", pattern: "^\\d{4}-\\d\\d-\\d\\dT.+$" },
    periodOverride: { enum: ["auto", "inherit"] },
  },
  dependencies: { end: ["start"] },
} as const;
