import { QUADRANTS } from '../matrix';
import { actionLine, byLine, counted, fenceLabel, generatedLine, moveLine, percent, placementName, positionLabel, sessionWhen, takeawayLine, tr } from './format';
import type { Summary, SummaryNote } from './types';

// Markdown that reads well as plain text and on GitHub; user text can never become markup.

/** Escapes text so Markdown and HTML render it literally, line by line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|~#!]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** A note's text as one list item: extra lines continue as hard breaks inside the item. */
function noteText(text: string, indent: string, summary: Summary): string {
  if (!text.trim()) return `*${tr(summary)('note.empty')}*`;
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeMarkdown(line.trim()))
    .filter((line) => line !== '')
    .join(`  \n${indent}`);
}

function noteLine(note: SummaryNote, i: number, summary: Summary, withPath: boolean): string {
  const t = tr(summary);
  const indent = ' '.repeat(String(i + 1).length + 2);
  const facts = [
    withPath ? escapeMarkdown(placementName(note.placement, summary)) : null,
    byLine(escapeMarkdown(note.author), summary),
    summary.votesHidden ? null : counted(summary, 'votes', note.votes),
    note.position ? positionLabel(note.position, summary) : null,
    note.onFence ? `**${t('note.onFence')}** (${escapeMarkdown(fenceLabel(note.fenceBetween, summary))})` : null,
  ].filter((f): f is string => f !== null);
  return `${i + 1}. ${noteText(note.text, indent, summary)}  \n${indent}${facts.join(' · ')}`;
}

function noteList(notes: readonly SummaryNote[], summary: Summary, withPath: boolean, withTakeaways = false): string[] {
  return notes.map((n, i) => {
    const line = noteLine(n, i, summary, withPath);
    if (!withTakeaways || n.takeaways.length === 0) return line;
    const indent = ' '.repeat(String(i + 1).length + 2);
    return [line, ...n.takeaways.map((item) => `${indent}- ${escapeMarkdown(takeawayLine(item, summary))}`)].join('\n');
  });
}

/** The whole summary as Markdown: one heading per path, in matrix order. */
export function renderMarkdown(summary: Summary): string {
  const t = tr(summary);
  const md = escapeMarkdown;
  const out: string[] = [];
  const title = summary.workshop.title.trim() || t('untitled');
  out.push(`# ${md(title)}`, '', `*${md(t('subtitle'))}*`, '');
  out.push(`- **${t('facts.when')}:** ${sessionWhen(summary)}`);
  out.push(`- **${t('facts.facilitatedBy')}:** ${summary.facilitators.length ? summary.facilitators.map(md).join(', ') : t('facts.nobodyNamed')}`);
  out.push(
    `- **${t('facts.participants', { count: summary.participants.count })}:** ${summary.participants.names.length ? summary.participants.names.map(md).join(', ') : t('facts.noneYet')}`,
  );
  out.push(`- **${t('facts.notes')}:** ${t('facts.notesValue', { total: summary.totals.notes, placed: summary.totals.placed, unplaced: summary.totals.unplaced })}`);
  out.push(`- **${t('facts.votesCast')}:** ${summary.votesHidden ? t('facts.votesHidden') : summary.totals.votes}`);
  for (const notice of summary.notices) out.push('', `> **${t('facts.notice')}:** ${md(notice)}`);

  out.push('', `## ${t('heading.balance')}`, '', md(summary.balance.sentence), '');
  const { trigger, aim } = summary.wording.axes;
  out.push(`| ${t('table.path')} | ${md(trigger.label)} | ${md(aim.label)} | ${t('table.notes')} | ${t('table.share')} |`, '| --- | --- | --- | ---: | ---: |');
  for (const q of QUADRANTS) {
    const p = summary.paths[q];
    out.push(`| ${md(p.name)} | ${md(p.trigger === 'internal' ? trigger.low : trigger.high)} | ${md(p.aim === 'meaning' ? aim.high : aim.low)} | ${p.count} | ${percent(p.share, summary.language)} |`);
  }

  out.push('', `## ${t('heading.topVoted')}`, '');
  if (summary.votesHidden) out.push(t('topVoted.hidden'));
  else if (summary.topVoted.length === 0) out.push(t('topVoted.none'));
  else out.push(...noteList(summary.topVoted, summary, true));

  out.push('', `## ${t('heading.actions')}`, '');
  if (summary.actions.length === 0) out.push(t('actions.none'));
  else summary.actions.forEach((a, i) => out.push(`${i + 1}. ${md(actionLine(a, summary))}`));

  for (const q of QUADRANTS) {
    const p = summary.paths[q];
    out.push('', `## ${md(p.name)}`, '');
    out.push(`*${md(p.hint)}*`, '');
    out.push(
      `*${md(trigger.label)}: ${md(p.trigger === 'internal' ? trigger.low : trigger.high)} · ${md(aim.label)}: ${md(p.aim === 'meaning' ? aim.high : aim.low)}${p.engagesIdentity ? ` · ${md(t('path.identity'))}` : ''}*`,
      '',
    );
    out.push(md(p.description), '');
    out.push(`- **${t('path.promotedBy')}:** ${md(p.promoters)}`, `- **${t('path.risk')}:** ${md(p.risk)}`, '');
    out.push(`**${t('path.count', { notes: counted(summary, 'notes', p.count), share: percent(p.share, summary.language) })}.**`, '');
    if (p.notes.length) out.push(...noteList(p.notes, summary, false, true));
  }

  out.push('', `## ${t('heading.parking')}`, '');
  if (summary.unplaced.length === 0) out.push(t('parking.all'));
  else out.push(t('parking.some', { notes: counted(summary, 'notes', summary.unplaced.length) }), '', ...noteList(summary.unplaced, summary, false, true));

  out.push('', `## ${t('heading.toDiscuss')}`, '');
  if (summary.toDiscuss.length === 0) out.push(t('discuss.none'));
  summary.toDiscuss.forEach(({ note, reasons }, i) => {
    const indent = ' '.repeat(String(i + 1).length + 2);
    const why = [
      reasons.includes('on-fence') ? t('discuss.onFence', { between: fenceLabel(note.fenceBetween, summary) }) : null,
      reasons.includes('moved') ? t('discuss.moved', { count: note.quadrantChanges }) : null,
    ].filter((r): r is string => r !== null);
    out.push(`${i + 1}. ${noteText(note.text, indent, summary)}  \n${indent}${md(placementName(note.placement, summary))} · ${md(why.join('; '))}`);
    for (const m of note.moves) out.push(`${indent}- ${md(moveLine(m, summary))}`);
  });

  out.push('', `## ${t('heading.participation')}`, '');
  if (summary.participation.length === 0) out.push(t('participation.none'));
  else {
    const votesKnown = summary.participation.some((r) => r.votes !== null);
    const head = [t('participation.person'), t('participation.notesWritten'), ...(votesKnown ? [t('participation.votesCast')] : [])];
    out.push(`| ${head.join(' | ')} |`, votesKnown ? '| --- | ---: | ---: |' : '| --- | ---: |');
    for (const r of summary.participation) {
      const who = `${md(r.name)}${r.role === 'facilitator' ? ` (${t('participation.facilitator')})` : ''}`;
      out.push(votesKnown ? `| ${who} | ${r.notes} | ${r.votes ?? 0} |` : `| ${who} | ${r.notes} |`);
    }
    out.push('', t('participation.privacy'));
  }
  out.push('', '---', '', `*${md(generatedLine(summary))}*`, '');
  return out.join('\n');
}
