/**
 * Examples from the AWS CloudWatch Logs User Guide pages on filter patterns: the current "Filter
 * pattern syntax for metric filters, subscription filters, filter log events, and Live Tail" page
 * (CURRENT), its 2022 and 2021 versions, the Count404 / FindCount / ExtractBytes example pages and
 * the TestMetricFilter API reference. Where a page names an outcome, the row asserts it; rows marked
 * "operator" apply a documented operator to events of our own.
 */
import { expect } from "chai";
import { compileFilterPattern, metricValueFor } from "../../../components/filterPattern";
import { type Row, runRows } from "./table";

const BAD_ARGS = [
  "[ERROR 400] BAD REQUEST",
  "[ERROR 401] UNAUTHORIZED REQUEST",
  "[ERROR 419] MISSING ARGUMENTS",
  "[ERROR 420] INVALID ARGUMENTS",
];

const UNSTRUCTURED: Row[] = [
  { pattern: "ERROR", events: BAD_ARGS, matches: [0, 1, 2, 3], source: "CURRENT single term" },
  { pattern: "ERROR ARGUMENTS", events: BAD_ARGS, matches: [2, 3], source: "CURRENT multiple terms" },
  { pattern: "?ERROR ?ARGUMENTS", events: BAD_ARGS, matches: [0, 1, 2, 3], source: "CURRENT optional terms" },
  {
    pattern: "?ERROR ?ARGUMENTS REQUEST",
    events: [
      "[INFO] REQUEST FAILED",
      "[WARN] UNAUTHORIZED REQUEST",
      "[ERROR] 400 BAD REQUEST",
      "[ERROR 419] MISSING ARGUMENTS",
    ],
    matches: [0, 1, 2],
    source: "CURRENT: ? terms combined with other terms are ignored",
  },
  {
    pattern: '"INTERNAL SERVER ERROR"',
    events: ["[ERROR 500] INTERNAL SERVER ERROR", "[ERROR 500] INTERNAL ERROR SERVER"],
    matches: [0],
    source: "CURRENT exact phrase",
  },
  { pattern: "ERROR -ARGUMENTS", events: BAD_ARGS, matches: [0, 1], source: "CURRENT include and exclude" },
  {
    pattern: '" "',
    events: ["[ERROR 400] BAD REQUEST", "x", ""],
    matches: [0, 1, 2],
    source: "CURRENT match everything",
  },
  { pattern: '""', events: ["anything", ""], matches: [0, 1], source: "2021 example 1: match everything" },
  {
    pattern: '"ERROR"',
    events: ["[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1", "[WARN] all good"],
    matches: [0, 1],
    source: "2021 example 2",
  },
  {
    pattern: '"ERROR" - "Exiting"',
    events: ["[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1"],
    matches: [0],
    source: "2021 example 3 (minus followed by a space)",
  },
  {
    pattern: '"ERROR" -"Exiting"',
    events: ["[ERROR] A fatal exception has occurred", "Exiting with ERRORCODE: -1"],
    matches: [0],
    source: "2021 example 3",
  },
  {
    pattern: '"ERROR" "Exception"',
    events: ["[ERROR] Caught IllegalArgumentException", "[ERROR] Unhandled Exception", "[ERROR] Unhandled"],
    matches: [0, 1],
    source: "2021 example 4",
  },
  {
    pattern: '"Failed to process the request"',
    events: [
      "[WARN] Failed to process the request",
      "[ERROR] Unable to continue: Failed to process the request",
      "Failed to process",
    ],
    matches: [0, 1],
    source: "2021 example 4",
  },
  {
    pattern: "Error",
    events: ["This message contains an Error", "This message also contains an Error", "THIS HAS AN ERROR"],
    matches: [0, 1],
    source: "CountOccurrencesExample (patterns are case-sensitive)",
  },
  {
    pattern: "ERROR",
    events: ["[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"],
    matches: [0, 1],
    source: "aws-cli test-metric-filter example",
  },
];

const REGEX: Row[] = [
  {
    pattern: "%AUTHORIZED%",
    events: ["[ERROR 401] UNAUTHORIZED REQUEST", "[SUCCESS 200] AUTHORIZED REQUEST", "[INFO] OK"],
    matches: [0, 1],
    source: "CURRENT regex",
  },
  {
    pattern: "%^[hc]at%",
    events: ["hat", "cat food", "the cat", "bat"],
    matches: [0, 1],
    source: "CURRENT ^",
  },
  { pattern: "%[hc]at$%", events: ["the hat", "a cat", "hats"], matches: [0, 1], source: "CURRENT $" },
  { pattern: "%colou?r%", events: ["color", "colour", "colouur"], matches: [0, 1], source: "CURRENT ?" },
  { pattern: "%[abc]%", events: ["a", "xbx", "def"], matches: [0, 1], source: "CURRENT []" },
  { pattern: "%[a-z]%", events: ["Q1z", "ABC"], matches: [0], source: "CURRENT [a-z]" },
  { pattern: "%[abcx-z]%", events: ["y", "d"], matches: [0], source: "CURRENT [abcx-z]" },
  {
    pattern: "%^a{3,5}$%",
    events: ["aa", "aaa", "aaaa", "aaaaa", "aaaaaa"],
    matches: [1, 2, 3],
    source: "CURRENT {m,n}",
  },
  {
    pattern: "%^a{2,}$%",
    events: ["a", "aa", "aaaaaaa"],
    matches: [1, 2],
    source: "CURRENT {m,} (n omitted)",
  },
  {
    pattern: "%^xa{,2}b%",
    events: ["xb", "xaab", "xaaab"],
    matches: [0, 1],
    source: "CURRENT {,n} (m omitted)",
  },
  { pattern: "%gra|ey%", events: ["gray", "grey", "grin"], matches: [0, 1], source: "CURRENT |" },
  {
    pattern: "%^starting|^initializing|^shutting down%",
    events: ["starting ...", "initializing ...", "shutting down", "skipping initializing ..."],
    matches: [0, 1, 2],
    source: "CURRENT |",
  },
  {
    pattern: "%abcc|ab[^c]$%",
    events: ["abcc ...", "aba", "aac ..."],
    matches: [0, 1],
    source: "CURRENT | with [^c]",
  },
  {
    pattern: "%\\[.\\]%",
    events: ["[a]", "[b]", "[7]", "[@]", "[]]", "[ ]", "[]"],
    matches: [0, 1, 2, 3, 4, 5],
    source: "CURRENT \\ escape",
  },
  {
    pattern: "%10\\.10\\.0\\.1%",
    events: ["from 10.10.0.1", "10010,051"],
    matches: [0],
    source: "CURRENT escaped IP",
  },
  {
    pattern: "%10.10.0.1%",
    events: ["10010,051"],
    matches: [0],
    source: "CURRENT note: unescaped . matches any character",
  },
  { pattern: "%ab*c%", events: ["ac", "abc", "abbbc", "adc"], matches: [0, 1, 2], source: "CURRENT *" },
  {
    pattern: "%^ab[0-9]*$%",
    events: ["ab", "ab0", "ab129", "abc"],
    matches: [0, 1, 2],
    source: "CURRENT * on a class",
  },
  { pattern: "%ab+c%", events: ["abc", "abbc", "abbbc", "ac"], matches: [0, 1, 2], source: "CURRENT +" },
  {
    pattern: "%.at%",
    events: ["hat", "cat", "bat", "4at", "#at", " at", "at"],
    matches: [0, 1, 2, 3, 4, 5],
    source: "CURRENT .",
  },
  { pattern: "%\\d%", events: ["port 80", "no digits"], matches: [0], source: "CURRENT \\d" },
  { pattern: "%\\D%", events: ["12345", "12a45"], matches: [1], source: "CURRENT \\D" },
  {
    pattern: "%a\\sb%",
    events: ["a b", "a\tb", "ab", "a\u00a0b"],
    matches: [0, 1],
    source: "CURRENT \\s is tab, space, newline",
  },
  { pattern: "%^\\S+$%", events: ["abc", "a c"], matches: [0], source: "CURRENT \\S" },
  { pattern: "%\\w%", events: ["_", "!!"], matches: [0], source: "CURRENT \\w" },
  { pattern: "%\\W%", events: ["abc_123", "a-b"], matches: [1], source: "CURRENT \\W" },
  { pattern: "%\\x3A%", events: ["key:value", "key=value"], matches: [0], source: "CURRENT \\xhh matches :" },
  { pattern: "%\\x28%", events: ["f(x)", "fx"], matches: [0], source: "CURRENT \\x28 matches (" },
  {
    pattern: "%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%",
    events: ["client 192.168.0.1 connected", "client localhost connected"],
    matches: [0],
    source: "regex page: IP address",
  },
  {
    pattern: "%[Ee]rror|[Ff]ail%",
    events: ["Error", "error", "Fail", "fail", "ERROR"],
    matches: [0, 1, 2, 3],
    source: "regex page",
  },
];

const TRAIL =
  '{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"], "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "cluster.name": "c", "ThisFlag": true}';
const OTHER =
  '{"eventType": "CreateTrail", "sourceIPAddress": "123.123.0.7", "arrayKey": [], "objectList": [], "SomeOtherObject": 1}';
const USERS =
  '{"user": {"id": 1, "email": "John.Stiles@example.com"}, "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}], "actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}';

const JSON_ROWS: Row[] = [
  {
    pattern: '{ $.eventType = "UpdateTrail" }',
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT string",
  },
  {
    pattern: "{ $.sourceIPAddress != 123.123.* }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT IP wildcard",
  },
  {
    pattern: '{ $.arrayKey[0] = "value" }',
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT array element",
  },
  {
    pattern: "{ $.eventType = %Trail% }",
    events: [TRAIL, OTHER, '{"eventType": "Login"}'],
    matches: [0, 1],
    source: "CURRENT regex value",
  },
  {
    pattern: "{ $.arrayKey[*] = %val.{2}% }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT wildcard element + regex",
  },
  {
    pattern: "{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT wildcard field + regex",
  },
  {
    pattern: "{ $.['cluster.name'] = \"c\" }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT key with a period",
  },
  {
    pattern: "{ $.SomeObject IS NULL }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT IS NULL (missing is not null)",
  },
  {
    pattern: "{ $.SomeOtherObject NOT EXISTS }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "CURRENT NOT EXISTS",
  },
  {
    pattern: "{ $.objectList[1].id = 2 }",
    events: [TRAIL, OTHER],
    matches: [0],
    source: "2022 object in array",
  },
  {
    pattern: "{ $.ThisFlag IS TRUE }",
    events: [TRAIL, OTHER, '{"ThisFlag": "true"}'],
    matches: [0],
    source: "2021 IS TRUE",
  },
  {
    pattern: "{ $.ThisFlag IS FALSE }",
    events: [TRAIL, '{"ThisFlag": false}'],
    matches: [1],
    source: "2021 IS FALSE",
  },
  {
    pattern: '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }',
    events: [USERS],
    matches: [0],
    source: "CURRENT &&",
  },
  {
    pattern:
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }',
    events: [USERS],
    matches: [0],
    source: "CURRENT || (&& binds tighter)",
  },
  {
    pattern:
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }',
    events: [USERS],
    matches: [],
    source: "CURRENT parentheses",
  },
  {
    pattern: '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }',
    events: [USERS],
    matches: [],
    source: "CURRENT no match",
  },
  { pattern: "{ $.coordinates[2][0] = 7 }", events: [USERS], matches: [0], source: "2021 nested arrays" },
  {
    pattern: "{$.users = 1}",
    events: ['{"users": [1, 2, 3]}', '{"users": 1}'],
    matches: [1],
    source: "2021: selector on an array never matches",
  },
  {
    pattern: "{$.users != 1}",
    events: ['{"users": [1, 2, 3]}', '{"users": 2}'],
    matches: [1],
    source: "2021: selector on an array never matches",
  },
  {
    pattern: "{$.foo = bar || $.foo = baz }",
    events: ['{"foo": "bar"}', '{"foo": "baz"}', '{"foo": "qux"}'],
    matches: [0, 1],
    source: "2021 OR",
  },
  {
    pattern: "{ $.eventName = *Event }",
    events: ['{"eventName": "PutEvent"}', '{"eventName": "GetEvent"}', '{"eventName": "EventId"}'],
    matches: [0, 1],
    source: "2021 *Event",
  },
  {
    pattern: "{ $.eventName = Event* }",
    events: ['{"eventName": "EventId"}', '{"eventName": "EventName"}', '{"eventName": "PutEvent"}'],
    matches: [0, 1],
    source: "2021 Event*",
  },
  {
    pattern: "{ $.eventName = Ev*ent }",
    events: ['{"eventName": "Ev*ent"}', '{"eventName": "Event"}', '{"eventName": "EvXent"}'],
    matches: [0],
    source: "2021 Ev*ent is literal",
  },
  {
    pattern: '{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }',
    events: [TRAIL, OTHER, '{"sourceIPAddress": "1.2.3.4"}'],
    matches: [0],
    source: "2022 dimensions example",
  },
  {
    pattern: "{ $.latency = * }",
    events: ['{"latency": 50, "requestType": "GET"}', '{"requestType": "GET"}'],
    matches: [0],
    source: "2022 metric value example",
  },
  {
    pattern: "{ $.bandwidth > 75 }",
    events: ['{"bandwidth": 76}', '{"bandwidth": 75}'],
    matches: [0],
    source: "operator >",
  },
  {
    pattern: "{ $.latency < 50 }",
    events: ['{"latency": 49.9}', '{"latency": 50}'],
    matches: [0],
    source: "operator <",
  },
  {
    pattern: "{ $.refreshRate >= 60 }",
    events: ['{"refreshRate": 60}', '{"refreshRate": 59}'],
    matches: [0],
    source: "operator >=",
  },
  {
    pattern: "{ $.responseTime <= 5 }",
    events: ['{"responseTime": 5}', '{"responseTime": 6}'],
    matches: [0],
    source: "operator <=",
  },
  {
    pattern: "{ $.errorCode = 400}",
    events: ['{"errorCode": 400}', '{"errorCode": 401}'],
    matches: [0],
    source: "operator =",
  },
  {
    pattern: "{ $.errorCode != 500 }",
    events: ['{"errorCode": 400}', '{"errorCode": 500}', "{}"],
    matches: [0],
    source: "operator !=",
  },
  {
    pattern: "{ $.number[0] = 1e+3 }",
    events: ['{"number": [1000]}', '{"number": [100]}'],
    matches: [0],
    source: "operator = scientific",
  },
  {
    pattern: "{ $.number[0] != 1e-3 }",
    events: ['{"number": [0.001]}', '{"number": [1]}'],
    matches: [1],
    source: "operator != scientific",
  },
  {
    pattern: "{ $.numbers[0] < 10e3 }",
    events: ['{"numbers": [9999]}', '{"numbers": [10000]}'],
    matches: [0],
    source: "2021 numeric",
  },
  {
    pattern: "{ $.numbers[0] < 10e-3 }",
    events: ['{"numbers": [0.009]}', '{"numbers": [0.01]}'],
    matches: [0],
    source: "2021 numeric",
  },
  {
    pattern: "{ $.processes[4].averageRuntime <= 55.5 }",
    events: [
      '{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]}',
      '{"processes": [{"averageRuntime": 1}]}',
    ],
    matches: [0],
    source: "2021 numeric",
  },
  {
    pattern: "{ $.latency > +1000 }",
    events: ['{"latency": 1001}', '{"latency": 1000}'],
    matches: [0],
    source: "2021 numeric",
  },
];

const APACHE_2000 = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const APACHE_2021 = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
];
const SERVICE = [
  "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200",
  "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310",
  "WARNING 09/25/2014 12:00:02 Invalid user request",
  "ERROR 09/25/2014 12:00:02 Failed to process request",
];
const APACHE_24SEP = [
  '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
  '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
  '127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] "GET /~test/index.html HTTP/1.1" 200 3',
];

const DELIMITED: Row[] = [
  {
    pattern: "[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]",
    events: [APACHE_2000, APACHE_2000.replace(" 404 ", " 200 ")],
    matches: [0],
    source: "2022 metric filter",
  },
  {
    pattern: "[..., request =*.html*, status_code = 4*, bytes]",
    events: [APACHE_2000, APACHE_2000.replace("index.html", "a.gif")],
    matches: [0],
    source: "2022 ellipsis",
  },
  {
    pattern:
      "[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]",
    events: [APACHE_2000, APACHE_2000.replace(" 404 ", " 410 "), APACHE_2000.replace(" 404 ", " 500 ")],
    matches: [0, 1],
    source: "2022 ||",
  },
  {
    pattern:
      "[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]",
    events: [APACHE_2000, APACHE_2000.replace("127.0.0.1", "10.0.0.1")],
    matches: [0],
    source: "CURRENT regex field",
  },
  {
    pattern: "[ip, server, username, timestamp, request, status_code, bytes > 1000]",
    events: [APACHE_2000, APACHE_2000.replace(" 1534", " 999")],
    matches: [0],
    source: "2022 dimensions example",
  },
  {
    pattern: "[ip, user, username, timestamp, request, status_code, bytes]",
    events: APACHE_2021,
    matches: [0, 1, 2],
    source: "2021 seven fields",
  },
  { pattern: "[..., status_code, bytes]", events: APACHE_2021, matches: [0, 1, 2], source: "2021 ellipsis" },
  {
    pattern: "[ip, user, ..., status_code, bytes]",
    events: APACHE_2021,
    matches: [0, 1, 2],
    source: "2021 ellipsis",
  },
  { pattern: "[ip, user, ...]", events: APACHE_2021, matches: [0, 1, 2], source: "2021 ellipsis" },
  {
    pattern: "[ip, user, username, timestamp, request, status_code, bytes > 1000]",
    events: APACHE_2021,
    matches: [0, 1, 2],
    source: "2021 conditions",
  },
  {
    pattern: "[ip, user, username, timestamp, request, status_code = 200, bytes]",
    events: APACHE_2021,
    matches: [0, 2],
    source: "2021 conditions",
  },
  {
    pattern: "[ip, user, username, timestamp, request, status_code = 4*, bytes]",
    events: APACHE_2021,
    matches: [],
    source: "2021 conditions",
  },
  {
    pattern: "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
    events: APACHE_2021,
    matches: [],
    source: "2021 conditions",
  },
  {
    pattern: "[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]",
    events: APACHE_2021,
    matches: [],
    source: "2021 ||",
  },
  {
    pattern: "[ip, user, username, timestamp, request, status_code = 5* || status_code = 404, bytes]",
    events: APACHE_2021,
    matches: [1],
    source: "2021 || (operator)",
  },
  { pattern: "[w1=ERROR, w2]", events: SERVICE, matches: [3], source: "CURRENT match terms in order" },
  { pattern: "[w1=ERROR || w1=WARNING, w2]", events: SERVICE, matches: [2, 3], source: "CURRENT && and ||" },
  {
    pattern: "[w1=ERROR || W1=WARNING, w2]",
    events: SERVICE,
    matches: [2, 3],
    source: "2022 (mixed-case name in one field)",
  },
  {
    pattern: "[w1!=ERROR && w1!=WARNING, w2]",
    events: SERVICE,
    matches: [0, 1],
    source: "CURRENT exclude terms",
  },
  {
    pattern: "[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]",
    events: SERVICE,
    matches: [0],
    source: "CURRENT top-level URI",
  },
  {
    pattern: "[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]",
    events: SERVICE,
    matches: [1],
    source: "CURRENT child URI",
  },
  {
    pattern: "[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]",
    events: [
      '127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326',
      '127.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /apache_pb2.gif HTTP/1.0" 200 2326',
    ],
    matches: [0],
    source: "Counting404Responses",
  },
  {
    pattern: "[ip, id, user, timestamp, request, status_code=404, size]",
    events: APACHE_24SEP,
    matches: [0, 1, 3, 4],
    source: "Counting404Responses CLI",
  },
  {
    pattern: "[ip, id, user, timestamp, request, status_code=4*, size]",
    events: APACHE_24SEP,
    matches: [0, 1, 3, 4],
    source: "FindCountMetric",
  },
  {
    pattern: "[ip, id, user, timestamp, request, status_code, size]",
    events: APACHE_24SEP,
    matches: [0, 1, 2, 3, 4, 5],
    source: "ExtractBytesExample",
  },
];

describe("filter patterns: AWS documentation examples", () => {
  describe("unstructured terms", () => runRows(UNSTRUCTURED));
  describe("regular expressions", () => runRows(REGEX));
  describe("JSON", () => runRows(JSON_ROWS));
  describe("space-delimited", () => runRows(DELIMITED));

  describe("extracted values and metric values", () => {
    it("extracts the seven named fields of the 2022 example, without brackets and quotes", () => {
      const m = compileFilterPattern(
        "[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]",
      )(APACHE_2000);
      expect(m.fields).to.deep.equal({
        $bytes: "1534",
        $status_code: "404",
        $request: "GET /index.html HTTP/1.0",
        $timestamp: "10/Oct/2000:13:25:15 -0700",
        $username: "frank",
        $user: "Prod",
        $ip: "127.0.0.1",
      });
    });

    it("names fields covered by an ellipsis and unnamed fields by position, as the 2021 page shows", () => {
      const m = compileFilterPattern("[..., request=*.html*, status_code=4*,]")(
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
      );
      expect(m.fields).to.deep.equal({
        $status_code: "404",
        $request: "GET /index.html HTTP/1.0",
        $7: "1534",
        $4: "10/Oct/2000:13:25:15 -0700",
        $3: "frank",
        $2: "-",
        $1: "127.0.0.1",
      });
    });

    it("returns the extracted values of the TestMetricFilter API example", () => {
      const matcher = compileFilterPattern("[ip, identity, user_id, timestamp, request, status_code, size]");
      const sizes = APACHE_2021.map((e) => matcher(e).fields?.$size);
      expect(sizes).to.deep.equal(["1534", "5324", "4355"]);
      expect(matcher(APACHE_2021[1]).fields).to.include({
        $identity: "-",
        $user_id: "frank",
        $status_code: "500",
      });
    });

    it("publishes 50 for { $.latency = * } with metricValue $.latency", () => {
      const m = compileFilterPattern("{ $.latency = * }")('{"latency": 50, "requestType": "GET"}');
      expect(m.fields).to.deep.equal({ "$.latency": 50 });
      expect(metricValueFor(m, "$.latency")).to.equal(50);
    });

    it("sums $size over the ExtractBytesExample events", () => {
      const matcher = compileFilterPattern("[ip, id, user, timestamp, request, status_code, size]");
      const total = APACHE_24SEP.reduce((sum, e) => sum + (metricValueFor(matcher(e), "$size") ?? 0), 0);
      expect(total).to.equal(287 + 287 + 3 + 308 + 308 + 3);
    });
  });
});
