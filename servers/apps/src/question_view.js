// The question view (ui://sciorex/question) for sciorex_ask_user and sciorex_request_approval: the
// agent's question with its options and a free-text field, or the action to approve with its
// alternatives, approve/deny and a comment. The waiting call is found among the pending
// interactions (app-only sciorex_ui_pending_interactions, matched by its text); the answer goes
// through sciorex_ui_answer_interaction, and the waiting call then returns with it. Once answered
// (here, in the inbox or by the tool's result) the view says so and the form is closed.

let args = null; // the tool's arguments (ui/notifications/tool-input)
let interactionId = null;
let answered = false;

const isApproval = () => !!(args?.action ?? null) || bridge.context().toolInfo?.tool?.name === 'sciorex_request_approval';
/** The pending interaction this view's question is: the newest asking exactly this. */
async function findInteraction() {
  if (interactionId) return interactionId;
  const text = isApproval() ? args.action : args.question;
  const data = resultData(await bridge.callTool('sciorex_ui_pending_interactions', { question: text, limit: 100 }));
  const same = (data?.items ?? []).filter((i) => i.summary === text && i.kind === (isApproval() ? 'approval' : 'question'));
  same.sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  interactionId = same.length ? same[same.length - 1].interactionId : null;
  return interactionId;
}

function showAnswered(summary) {
  answered = true;
  document.querySelectorAll('#question-form input, #question-form textarea, #question-form button').forEach((el) => { el.disabled = true; });
  const box = document.getElementById('answered');
  document.getElementById('app').dataset.answered = 'true';
  if (!box) return;
  box.textContent = summary ? `Answered: ${summary}` : 'Answered';
}

function askForm() {
  const multiple = args.responseType === 'multiple';
  const options = args.options ?? [];
  const textOnly = args.responseType === 'text' || !options.length;
  const free = textOnly || args.allowCustomText !== false;
  return [
    options.length && !textOnly ? h('fieldset', { class: 'options' }, h('legend', {}, multiple ? 'Pick any' : 'Pick one'),
      options.map((o, i) => h('label', { class: 'option' },
        h('input', { type: multiple ? 'checkbox' : 'radio', name: 'option', value: o, id: `option-${i}` }), h('span', {}, o)))) : null,
    free ? h('label', { class: 'field' }, h('span', {}, textOnly ? 'Your answer' : 'Or in your words'),
      h('textarea', { id: 'custom-text', rows: 2, placeholder: args.placeholder ?? '' })) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: (e) => submit('answer', e.currentTarget) }, 'Send answer'),
      h('button', { type: 'button', onclick: (e) => submit('skip', e.currentTarget) }, 'Skip')),
  ];
}

function approvalForm() {
  const alts = args.alternatives ?? [];
  return [
    alts.length ? h('fieldset', { class: 'options' }, h('legend', {}, 'Or instead (optional)'),
      alts.map((a, i) => h('label', { class: 'option' }, h('input', { type: 'radio', name: 'alternative', value: a, id: `alt-${i}` }), h('span', {}, a)))) : null,
    h('label', { class: 'field' }, h('span', {}, 'Comment (optional)'), h('textarea', { id: 'comment', rows: 2 })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: (e) => submit('approve', e.currentTarget) }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: (e) => submit('deny', e.currentTarget) }, 'Deny')),
  ];
}

// The buttons are plain buttons, not a form's: a host's sandbox may leave out allow-forms.
async function submit(verb, button) {
  if (answered) return;
  const form = document.getElementById('question-form');
  const answer = {};
  let summary;
  if (isApproval()) {
    const alt = form.querySelector('input[name="alternative"]:checked')?.value ?? null;
    const comment = form.querySelector('#comment').value.trim();
    answer[verb === 'approve' ? 'approve' : 'deny'] = true;
    if (alt) answer.alternative = alt;
    if (comment) answer.comment = comment;
    summary = [verb === 'approve' ? 'approved' : 'denied', alt, comment].filter(Boolean).join(' · ');
  } else if (verb === 'skip') {
    answer.skip = true;
    summary = 'skipped';
  } else {
    const picked = [...form.querySelectorAll('input[name="option"]:checked')].map((i) => i.value);
    const text = form.querySelector('#custom-text')?.value.trim() ?? '';
    if (!picked.length && !text) return say('Pick an option or write an answer', 'error');
    if (picked.length) answer.options = picked;
    if (text) answer.text = text;
    summary = [...picked, text].filter(Boolean).join(' · ');
  }
  const ok = await act(button, 'Send the answer', async () => {
    const id = await findInteraction();
    if (!id) throw new Error('this question is no longer waiting for an answer');
    return bridge.callTool('sciorex_ui_answer_interaction', { interactionId: id, ...answer });
  });
  if (ok) showAnswered(summary);
}

function draw() {
  const approval = isApproval();
  const main = document.getElementById('app');
  fill(main,
    h('div', { class: 'question' },
      h('div', { class: 'item-meta' },
        h('span', { class: 'badge' }, approval ? 'Approval' : 'Question'),
        args.urgency ? h('span', { class: `badge urgency-${args.urgency}` }, labelOf(args.urgency)) : null,
        args.impact ? h('span', { class: `badge prio-${args.impact === 'high' ? 'critical' : args.impact}` }, `Impact: ${labelOf(args.impact)}`) : null,
        args.ticketId ? h('span', { class: 'card-epic' }, args.ticketId) : null),
      h('h1', {}, approval ? args.action : args.question),
      args.context || args.reason ? h('p', { class: 'context muted' }, approval ? args.reason : args.context) : null,
      h('div', { id: 'question-form', class: 'stack' }, approval ? approvalForm() : askForm()),
      h('p', { id: 'answered', class: 'answered', role: 'status' }),
      h('p', { id: 'status', class: 'status-line muted', role: 'status' })));
  main.dataset.ready = 'true';
}

function resultSummary(r) {
  if (r.approved !== undefined) return [r.approved ? 'approved' : 'denied', r.selectedAlternative, r.userComment].filter(Boolean).join(' · ');
  if (r.skipped) return 'skipped';
  return [...(r.selectedOptions ?? []), r.customText].filter(Boolean).join(' · ');
}

fill(document.getElementById('app'), h('p', { id: 'status', class: 'status-line muted', role: 'status' }, 'Waiting for the question…'));
bridge.on('tool-input', (p) => {
  args = p.arguments ?? {};
  draw();
});
bridge.on('tool-result', (result) => {
  const r = resultData(result) ?? {};
  if (r.interactionId) interactionId = r.interactionId;
  if (r.status === 'answered') showAnswered(resultSummary(r));
  else if (r.status === 'withdrawn') say('The agent withdrew this question', 'error');
});
bridge.on('tool-cancelled', () => { if (!answered) say('The agent stopped waiting for this answer', 'error'); });
bridge.start({ name: 'sciorex-question', version: '1.0.0' }).catch((e) => say(`Connecting to the host: ${e.message}`, 'error'));
