#!/usr/bin/env python3
"""Writes tests/open311/cases/2NN-fms-*.test from FixMyStreet's recorded requests (requests.tsv).

Each case sends the exact bytes FixMyStreet's client sent (method, path, form body, parameter
order and percent-encoding as recorded); only `api_key=KEY` becomes {{api_key}} and the
recording's service_request_id values become ids captured from this suite's own posts. A few
cases (marked "not recorded") send the same bodies to the JSON endpoints, or with the
lower-case/spaced status forms and duplicate parents other clients send. Run it from the
repository root after changing the list below; the generated files are committed.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, '..', 'cases')
FIRST = 200

with open(os.path.join(HERE, 'requests.tsv'), encoding='ascii') as f:
    LINES = f.read().split('\n')


def recorded(line_no):
    method, path, body = LINES[line_no - 1].split('\t')
    return method, path, body


def body_with(line_no, id_name=None, **replace):
    """The recorded body of `line_no`, key substituted, ids and given parameters replaced."""
    _, _, body = recorded(line_no)
    body = body.replace('api_key=KEY', 'api_key={{api_key}}')
    if id_name:
        body = re.sub(r'service_request_id=\d+', 'service_request_id={{id:%s}}' % id_name, body)
    for k, v in replace.items():
        body = re.sub(r'(^|&)%s=[^&]*' % re.escape(k), r'\g<1>%s=%s' % (k, v), body)
    return body


cases = []


def case(slug, comments, method, target, body, expect):
    cases.append((slug, comments, method, target, body, expect))


def post(slug, comment, line_no, capture=None, path=None, id_name=None, extra='', expect=None,
         **replace):
    method, rec_path, _ = recorded(line_no)
    target = path or rec_path
    body = body_with(line_no, id_name, **replace) + extra
    fmt = 'xml' if target.endswith('.xml') else 'json'
    e = expect or ['status 200']
    if capture:
        if 'requests.' in target:
            e = e + ['capture id:%s %s' % (capture, 'xml /service_requests/request/service_request_id'
                                           if fmt == 'xml' else 'json $[0].service_request_id')]
        else:
            e = e + ['capture %s %s' % (capture, 'xml /service_request_updates/request_update/update_id'
                                        if fmt == 'xml' else 'json $[0].update_id')]
    source = 'requests.tsv line %d' % line_no if not path and not replace and not extra else \
        'requests.tsv line %d, not recorded: %s' % (line_no, comment[1])
    case(slug, [comment[0], 'From FixMyStreet\'s client: ' + source + '.'], method, target, body, e)


def state(slug, comment, id_name, detailed, notes=None, extra=()):
    e = ['status 200', 'json $[0].extended_attributes.detailed_status == "%s"' % detailed]
    if notes is not None:
        e.append('json $[0].status_notes == "%s"' % notes)
    e.extend(extra)
    case(slug, [comment], 'GET', '/open311/v2/requests/{{id:%s}}.json?extensions=true' % id_name,
         '', e)


# --- reports -------------------------------------------------------------------------------
post('fms-post-report-xml', ('A report with a photo, as FixMyStreet sends it (XML).', ''), 25,
     capture='fms_report')
case('fms-get-report-by-ids-xml',
     ['FixMyStreet checks what it sent with GET requests.xml?service_request_id=…; media_url as sent',
      '(validated against the official schemas, like every answer).'],
     'GET', '/open311/v2/requests.xml?service_request_id={{id:fms_report}}', '',
     ['status 200', 'xml /service_requests/request/media_url == https://fms.example.org/photo/1.jpeg',
      'xml /service_requests/request/status == open'])
post('fms-post-utf8-xml', ('UTF-8 text, once-encoded (a report without extra questions).', ''), 32,
     capture='fms_utf8')
state('fms-get-utf8', 'Once-encoded UTF-8 is kept as it is.', 'fms_utf8', 'submitted',
      extra=['json $[0].description == "UTF-8 no attributes\\r\\n\\r\\nStraße — ünïcödé ✓\\r\\n\\r\\nhttps://fms.example.org/r"'])
post('fms-post-double-encoded-xml',
     ('A report with extra questions: FixMyStreet encodes the body twice ("Stra%C3%83%C2%9Fe").', ''),
     33, capture='fms_double')
state('fms-get-double-encoded', 'The double encoding is repaired in every field before validation.',
      'fms_double', 'submitted',
      extra=['json $[0].description == "UTF-8 attributes, codes as parsed (utf8-flagged)\\r\\n\\r\\nStraße — ünïcödé ✓\\r\\n\\r\\nhttps://fms.example.org/r"'])
post('fms-post-double-encoded-json', ('The same bytes to the JSON endpoint.', 'the .json path'), 33,
     capture='fms_double_json', path='/open311/v2/requests.json')
case('fms-get-double-encoded-xml', ['The repaired text, in XML.'], 'GET',
     '/open311/v2/requests/{{id:fms_double_json}}.xml', '',
     ['status 200',
      'xml /service_requests/request/description ~ UTF-8 attributes, codes as parsed \\(utf8-flagged\\)\\s+Straße — ünïcödé ✓\\s+https://fms.example.org/r'])
post('fms-post-utf8-attributes-xml',
     ('A report with extra questions whose codes FixMyStreet downgraded to bytes: once-encoded.', ''), 34)
post('fms-post-not-pinpointed-xml',
     ('address_id=#NOTPINPOINTED#: Bromley\'s marker for a report without a point, which FixMyStreet',
      ''), 40, capture='fms_not_pinpointed')
cases[-1][1].insert(1, 'sends; it is a location like any address_id.')
post('fms-post-not-pinpointed-json', ('The same, to the JSON endpoint.', 'the .json path'), 40,
     path='/open311/v2/requests.json', capture='fms_not_pinpointed_json')
state('fms-get-not-pinpointed', 'The marker comes back as sent; no point.', 'fms_not_pinpointed',
      'submitted', extra=['json $[0].address_id == "#NOTPINPOINTED#"', 'json $[0].lat == null',
                          'json $[0].long == null'])
case('fms-get-not-pinpointed-xml', ['The marker in XML (escaped as text, nothing to escape).'], 'GET',
     '/open311/v2/requests/{{id:fms_not_pinpointed_json}}.xml', '',
     ['status 200', 'xml /service_requests/request/address_id == #NOTPINPOINTED#',
      'xml /service_requests/request/lat == '])
case('fms-post-latin-looking-text-kept',
     ['Not FixMyStreet: text that merely looks double-encoded ("Ã©", no C1 character) is not',
      'touched — the repair needs the exact signature.'],
     'POST', '/open311/v2/requests.json',
     'api_key={{api_key}}&service_code=SNOW-STREET&lat=42.3601&long=-71.0589'
     '&description=Caf%C3%83%C2%A9+sign', ['status 200', 'capture id:fms_latin json $[0].service_request_id'])
state('fms-get-latin-looking-text-kept', 'Kept byte for byte.', 'fms_latin', 'submitted',
      extra=['json $[0].description == "CafÃ© sign"'])
case('fms-post-lone-c1-refused',
     ['Not FixMyStreet: a C1 control character that is not double encoding is refused as before.'],
     'POST', '/open311/v2/requests.xml',
     'api_key={{api_key}}&service_code=SNOW-STREET&lat=42.3601&long=-71.0589'
     '&address_string=City%C2%85Hall',
     ['status 400',
      'xml /errors/error/description == address_string: must not contain control characters or line breaks'])

# --- status updates: FixMyStreet's extended statuses -------------------------------------------
post('fms-update-open-comment', ('OPEN on an open request: a public note, the state stays.', ''), 45,
     id_name='fms_report', capture='upd:comment')
post('fms-update-open-comment-again',
     ('The same update (same update_id) again: applied once, the same answer.', ''), 46,
     id_name='fms_report', expect=['status 200', 'xml /service_request_updates/request_update/update_id == {{upd:comment}}'])
state('fms-get-open-comment', 'Still submitted, with the note.', 'fms_report', 'submitted',
      'Update from FixMyStreet (comment, still open)')

FLOW = [
    # slug, create line, update line, detailed state, label
    ('investigating', 47, 48, 'acknowledged'),
    ('action-scheduled', 49, 50, 'action_scheduled'),
    ('in-progress', 51, 52, 'in_progress'),
    ('fixed', 53, 54, 'fixed'),
    ('not-councils-responsibility', 55, 56, 'not_responsible'),
    ('no-further-action', 57, 58, 'no_further_action'),
    ('internal-referral', 59, 60, 'referred'),
    ('closed', 59, 61, 'fixed'),
    ('for-triage', 62, 63, 'submitted'),
    ('cancelled', 64, 65, 'cancelled'),
    ('duplicate', 66, 67, 'duplicate'),
    ('open', 68, 69, 'submitted'),
    ('reopen-while-open', 70, 71, 'submitted'),
]
for slug, create, update, detailed in FLOW:
    name = 'fms_' + slug.replace('-', '_')
    _, _, ub = recorded(update)
    status = re.search(r'status=([^&]*)', ub).group(1)
    post('fms-%s-post' % slug, ('A report for the %s update.' % status, ''), create, capture=name)
    post('fms-%s-update' % slug, ('status=%s from FixMyStreet (XML).' % status, ''), update,
         id_name=name)
    notes = re.search(r'description=([^&]*)', ub).group(1).replace('+', ' ').replace('%2C', ',')
    extra = []
    if slug == 'duplicate':
        extra = ['json $[0].status == "closed"', 'json $[0].extended_attributes.duplicate == true',
                 'json $[0].extended_attributes.parent_service_request_id == ""']
    state('fms-%s-state' % slug,
          {'submitted': '%s keeps an open request as it is: the update is a public note.' % status}
          .get(detailed, '%s moves the request to %s.' % (status, detailed)),
          name, detailed, notes, extra)

# Two-step flows.
post('fms-close-reopen-post', ('A report closed, then reopened (plain open/closed).', ''), 72,
     capture='fms_close_reopen')
post('fms-close-reopen-close', ('CLOSED.', ''), 73, id_name='fms_close_reopen')
post('fms-close-reopen-open', ('OPEN on a closed request reopens it.', ''), 74,
     id_name='fms_close_reopen')
state('fms-close-reopen-state', 'Reopened, with the reason.', 'fms_close_reopen', 'reopened',
      'Update from FixMyStreet (plain reopen)')
post('fms-fixed-reopen-post', ('A report fixed, then "not fixed" by its reporter.', ''), 75,
     capture='fms_fixed_reopen')
post('fms-fixed-reopen-fixed', ('FIXED.', ''), 76, id_name='fms_fixed_reopen')
post('fms-fixed-reopen-reopen', ('REOPEN after FIXED reopens it.', ''), 77,
     id_name='fms_fixed_reopen')
state('fms-fixed-reopen-state', 'Reopened.', 'fms_fixed_reopen', 'reopened',
      'Update from FixMyStreet (ext reopen)')
post('fms-fixed-ncr-post', ('A report fixed, then found not to be the city\'s.', ''), 78,
     capture='fms_fixed_ncr')
post('fms-fixed-ncr-fixed', ('FIXED.', ''), 79, id_name='fms_fixed_ncr')
post('fms-fixed-ncr-correction',
     ('NOT_COUNCILS_RESPONSIBILITY after FIXED: a person would have to reopen first; the external',
      ''), 80, id_name='fms_fixed_ncr')
cases[-1][1].insert(1, 'system of record is the authority, so it is an external correction, not a 409.')
state('fms-fixed-ncr-state', 'Corrected to not_responsible.', 'fms_fixed_ncr', 'not_responsible',
      'Update from FixMyStreet (ext nfa after fixed)')
post('fms-closed-plain', ('CLOSED on the first report (plain close).', ''), 81,
     id_name='fms_report')
state('fms-closed-plain-state', 'Closed means fixed.', 'fms_report', 'fixed')
post('fms-update-unknown-request', ('An update for a request that does not exist: 404.', ''), 82,
     expect=['status 404', 'xml /errors/error/code == 404'])
case('fms-updates-feed-xml',
     ['FixMyStreet fetches updates with GET servicerequestupdates.xml?api_key&start_date&end_date;',
      'the correction is in the feed under FixMyStreet\'s name for the state.'],
     'GET', '/open311/v2/servicerequestupdates.xml?api_key={{api_key}}&end_date={{now+1h}}&start_date={{now-2h}}',
     '', ['status 200', 'contains <status>not_councils_responsibility</status>',
          'contains <description>Update from FixMyStreet (ext nfa after fixed)</description>',
          'contains <media_url></media_url>'])
case('fms-updates-feed-json',
     ['The same feed in JSON: no media is null, as for requests.'],
     'GET', '/open311/v2/servicerequestupdates.json?end_date={{now+1h}}&start_date={{now-2h}}',
     '', ['status 200', 'json $[*].media_url == null', 'json $[*] keys update_id,service_request_id,status,updated_datetime,description,media_url'])

# JSON and the other spellings (not recorded: what other clients and FixMyStreet's own state names
# look like).
post('fms-spaced-post', ('A report for the spaced status forms.', ''), 51, capture='fms_spaced')
post('fms-spaced-in-progress-json', ('"in progress": FixMyStreet\'s state name, lower case with a space (JSON).',
                                    'status=in+progress to the .json path'), 52,
     id_name='fms_spaced', path='/open311/v2/servicerequestupdates.json', status='in+progress',
     update_id='91001', capture='upd:spaced')
state('fms-spaced-in-progress-state', 'In progress.', 'fms_spaced', 'in_progress')
post('fms-spaced-fixed-council', ('"fixed - council" (JSON).', 'status=fixed+-+council'), 54,
     id_name='fms_spaced', path='/open311/v2/servicerequestupdates.json', status='fixed+-+council',
     update_id='91002')
post('fms-spaced-not-councils-responsibility',
     ('"Not Councils Responsibility" after fixed: an external correction (JSON).',
      'status=Not+Councils+Responsibility'), 56, id_name='fms_spaced',
     path='/open311/v2/servicerequestupdates.json', status='Not+Councils+Responsibility',
     update_id='91003')
state('fms-spaced-state', 'Corrected to not_responsible.', 'fms_spaced', 'not_responsible')
post('fms-duplicate-parent-post', ('A report that turns out to duplicate the first one.', ''), 66,
     capture='fms_dup_parent')
post('fms-duplicate-parent-json',
     ('DUPLICATE with the original in duplicate_of (JSON): linked.', 'duplicate_of added, .json path'),
     67, id_name='fms_dup_parent', path='/open311/v2/servicerequestupdates.json',
     extra='&duplicate_of={{id:fms_report}}', update_id='91004')
state('fms-duplicate-parent-state', 'A duplicate of the first report.', 'fms_dup_parent',
      'duplicate', extra=['json $[0].extended_attributes.parent_service_request_id == "{{id:fms_report}}"'])
post('fms-duplicate-attribute-post', ('Another duplicate, its parent in an attribute.', ''), 66,
     capture='fms_dup_attr')
post('fms-duplicate-attribute-xml',
     ('DUPLICATE with attribute[parent_service_request_id] (XML): linked.',
      'attribute[parent_service_request_id] added'),
     67, id_name='fms_dup_attr',
     extra='&attribute%5Bparent_service_request_id%5D={{id:fms_report}}', update_id='91005')
state('fms-duplicate-attribute-state', 'Linked to the first report.', 'fms_dup_attr', 'duplicate',
      extra=['json $[0].extended_attributes.parent_service_request_id == "{{id:fms_report}}"'])
post('fms-duplicate-bad-parent',
     ('A parent that is not an id: 400, naming the parameter sent.', 'duplicate_of=abc'),
     67, id_name='fms_dup_attr', path='/open311/v2/servicerequestupdates.json',
     extra='&duplicate_of=abc', update_id='91006',
     expect=['status 400', 'json $[0].description == "duplicate_of: is not a service request id"'])

# --- write ---------------------------------------------------------------------------------
for old in os.listdir(CASES):
    if re.match(r'2\d\d-fms-', old):
        os.remove(os.path.join(CASES, old))
for i, (slug, comments, method, target, body, expect) in enumerate(cases):
    n = FIRST + i
    assert n < 300, 'too many cases for the 200-299 range'
    lines = ['# %03d: %s' % (n, comments[0])] + ['# ' + c for c in comments[1:]]
    lines.append('%s %s' % (method, target))
    if method == 'POST':
        lines.append('Content-Type: application/x-www-form-urlencoded')
    lines.append('')
    if body:
        lines.append(body)
        lines.append('')
    lines.append('== expect')
    lines.extend(expect)
    with open(os.path.join(CASES, '%03d-%s.test' % (n, slug)), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
print('%d cases written' % len(cases))
