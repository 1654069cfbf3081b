/**
 * Real lines of an Apache combined-format access log (elastic/examples `apache_logs`, Apache-2.0),
 * copied verbatim with their line numbers: the samples every café metric filter is checked against
 * at construction. A test holds each to the file it came from.
 */
export const REAL_ACCESS_LINES = {
  /** line 1 */
  ok200:
    '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"',
  /** line 63 */
  notFound:
    '66.249.73.185 - - [17/May/2015:10:05:22 +0000] "GET /doc/index.html?org/elasticsearch/action/search/SearchResponse.html HTTP/1.1" 404 294 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"',
  /** line 8034 */
  notFoundNoBytes:
    '91.236.75.25 - - [20/May/2015:05:05:08 +0000] "HEAD /blog/geekery/ec2-reserved-vs-ondemand.html/fckeditor/editor/fckeditor.html HTTP/1.1" 404 - "-" "-"',
  /** line 2071 */
  serverErrorNoBytes:
    '66.249.73.135 - - [18/May/2015:03:05:34 +0000] "GET /misc/Title.php.txt HTTP/1.1" 500 - "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"',
  /** line 9158 */
  serverErrorOptions:
    '64.131.102.243 - - [20/May/2015:14:05:16 +0000] "OPTIONS /projects/xdotool/ HTTP/1.1" 500 626 "-" "Microsoft Office Protocol Discovery"',
  /** line 3029 */
  forbidden:
    '94.153.9.168 - - [18/May/2015:11:05:47 +0000] "GET /presentations/vim/+++++++++++++++++++++++++++++++++++Result:+%E8%F1%EF%EE%EB%FC%E7%EE%E2%E0%ED+%ED%E8%EA%ED%E5%E9%EC+%22newkoversjup%22;+ReCaptcha+%E4%E5%F8%E8%F4%F0%EE%E2%E0%ED%E0;+%28JS%29;+%E7%E0%F0%E5%E3%E8%F1%F2%F0%E8%F0%EE%E2%E0%EB%E8%F1%FC;+%ED%E5+%ED%E0%F8%EB%EE%F1%FC+%F4%EE%F0%EC%FB+%E4%EB%FF+%EE%F2%EF%F0%E0%E2%EA%E8;+Result:+%EE%F8%E8%E1%EA%E0:+%22i+never+really+liked+c%27s+assert%28%29+feature.+if+an+assertion+is+violated,+it%27lltell+you+what+assertion+failed+but+completely+lacks+any+context:%22;+%ED%E5+%ED%E0%F8%EB%EE%F1%FC+%F4%EE%F0%EC%FB+%E4%EB%FF+%EE%F2%EF%F0%E0%E2%EA%E8; HTTP/1.0" 403 676 "http://www.semicomplete.com/presentations/vim/+++++++++++++++++++++++++++++++++++Result:+%E8%F1%EF%EE%EB%FC%E7%EE%E2%E0%ED+%ED%E8%EA%ED%E5%E9%EC+%22newkoversjup%22;+ReCaptcha+%E4%E5%F8%E8%F4%F0%EE%E2%E0%ED%E0;+%28JS%29;+%E7%E0%F0%E5%E3%E8%F1%F2%F0%E8%F0%EE%E2%E0%EB%E8%F1%FC;+%ED%E5+%ED%E0%F8%EB%EE%F1%FC+%F4%EE%F0%EC%FB+%E4%EB%FF+%EE%F2%EF%F0%E0%E2%EA%E8;+Result:+%EE%F8%E8%E1%EA%E0:+%22i+never+really+liked+c%27s+assert%28%29+feature.+if+an+assertion+is+violated,+it%27lltell+you+what+assertion+failed+but+completely+lacks+any+context:%22;+%ED%E5+%ED%E0%F8%EB%EE%F1%FC+%F4%EE%F0%EC%FB+%E4%EB%FF+%EE%F2%EF%F0%E0%E2%EA%E8;" "Opera/9.80 (Windows NT 6.1; WOW64; U; ru) Presto/2.10.289 Version/12.01"',
  /** line 5340 */
  rangeNotSatisfiable:
    '204.244.74.22 - - [19/May/2015:06:05:17 +0000] "GET /files/xdotool/xdotool-2.20101014.3063.tar.gz HTTP/1.1" 416 400 "-" "Wget/1.14 (linux-gnu)"',
  /** line 86 */
  notModified:
    '218.30.103.62 - - [17/May/2015:11:05:17 +0000] "GET /projects/xdotool/xdotool.xhtml HTTP/1.1" 304 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"',
  /** line 5009 */
  post200:
    '37.115.186.244 - - [19/May/2015:04:05:16 +0000] "POST /blog/geekery/xvfb-firefox HTTP/1.0" 200 10975 "http://zoomq.qiniudn.com/ZQScrapBook/ZqFLOSS/data/20110811235550/" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.11 (KHTML, like Gecko) Chrome/23.0.1271.91 Safari/537.11"',
  /** line 5649 */
  post404:
    '78.173.140.106 - - [19/May/2015:09:05:53 +0000] "POST /blog/geekery/pyblosxom-mdate-vim-hack.html/trackback/ HTTP/1.1" 404 7861 "http://www.semicomplete.com/blog/geekery/pyblosxom-mdate-vim-hack.html" "-"',
  /** line 688 */
  head200:
    '89.170.74.95 - - [17/May/2015:16:05:27 +0000] "HEAD /projects/xdotool/ HTTP/1.1" 200 - "-" "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:24.0) Gecko/20100101 Firefox/24.0"',
  /** line 150 */
  movedPermanently:
    '134.76.249.10 - - [17/May/2015:11:05:47 +0000] "GET /projects/xdotool HTTP/1.1" 301 339 "http://tuxradar.com/content/xdotool-script-your-mouse" "Mozilla/5.0 (X11; Linux x86_64; rv:26.0) Gecko/20100101 Firefox/26.0"',
  /** line 426 */
  partial:
    '173.252.73.114 - - [17/May/2015:14:05:30 +0000] "GET /presentations/logstash-puppetconf-2012/images/apache-negative-duration.png HTTP/1.1" 206 97173 "-" "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"',
  /** line 6054 */
  menuCss:
    '130.237.218.86 - - [19/May/2015:12:05:27 +0000] "GET /presentations/logstash-1/css/fg.menu.css HTTP/1.1" 200 4220 "http://semicomplete.com/presentations/logstash-1/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/33.0.1750.91 Safari/537.36"',
  /** line 8899 */
  truncated:
    '46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html',
} as const;
