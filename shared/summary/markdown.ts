import { QUADRANTS } from '../matrix';
import { actionLine, fenceLabel, generatedLine, moveLine, takeawayLine, percent, placementName, plural, positionLabel, sessionWhen } from './format';
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
function noteText(text: string, indent: string): string {
  if (!text.trim()) return '*(empty note)*';
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeMarkdown(line.trim()))
    .filter((line) => line !== '')
    .join(`  \n${indent}`);
}

function noteLine(note: SummaryNote, i: number, summary: Summary, withPath: boolean): string {
  const indent = ' '.repeat(String(i + 1).length + 2);
  const facts = [
    withPath ? placementName(note.placement, summary.wording) : null,
    `by ${escapeMarkdown(note.author)}`,
    summary.votesHidden ? null : plural(note.votes, 'vote'),
    note.position ? positionLabel(note.position) : null,
    note.onFence ? `**on the fence** (${fenceLabel(note.fenceBetween, summary.wording)})` : null,
  ].filter((f): f is string => f !== null);
  return `${i + 1}. ${noteText(note.text, indent)}  \n${indent}${facts.join(' · ')}`;
}

function noteList(notes: readonly SummaryNote[], summary: Summary, withPath: boolean, withTakeaways = false): string[] {
  return notes.map((n, i) => {
    const line = noteLine(n, i, summary, withPath);
    if (!withTakeaways || n.takeaways.length === 0) return line;
    const indent = ' '.repeat(String(i + 1).length + 2);
    return [line, ...n.takeaways.map((t) => `${indent}- ${escapeMarkdown(takeawayLine(t))}`)].join('\n');
  });
}

/** The whole summary as Markdown: one heading per path, in matrix order. */
export function renderMarkdown(summary: Summary): string {
  const out: string[] = [];
  const title = summary.workshop.title.trim() || 'Untitled workshop';
  out.push(`# ${escapeMarkdown(title)}`, '', '*Four Paths to a social organization: session summary*', '');
  out.push(`- **When:** ${sessionWhen(summary)}`);
  out.push(`- **Facilitated by:** ${summary.facilitators.length ? summary.facilitators.map(escapeMarkdown).join(', ') : 'nobody named'}`);
  out.push(
    `- **Participants (${summary.participants.count}):** ${summary.participants.names.length ? summary.participants.names.map(escapeMarkdown).join(', ') : 'none yet'}`,
  );
  out.push(`- **Notes:** ${summary.totals.notes} (${summary.totals.placed} placed, ${summary.totals.unplaced} in the parking area)`);
  out.push(`- **Votes cast:** ${summary.votesHidden ? 'hidden until voting ends' : summary.totals.votes}`);
  for (const notice of summary.notices) out.push('', `> **Note:** ${escapeMarkdown(notice)}`);

  out.push('', '## Balance', '', escapeMarkdown(summary.balance.sentence), '');
  const { trigger, aim } = summary.wording.axes;
  out.push(`| Path | ${escapeMarkdown(trigger.label)} | ${escapeMarkdown(aim.label)} | Notes | Share of placed |`, '| --- | --- | --- | ---: | ---: |');
  for (const q of QUADRANTS) {
    const p = summary.paths[q];
    out.push(`| ${escapeMarkdown(p.name)} | ${escapeMarkdown(p.trigger === 'internal' ? trigger.low : trigger.high)} | ${escapeMarkdown(p.aim === 'meaning' ? aim.high : aim.low)} | ${p.count} | ${percent(p.share)} |`);
  }

  out.push('', '## Top-voted notes', '');
  if (summary.votesHidden) out.push('Vote totals stay hidden until voting ends.');
  else if (summary.topVoted.length === 0) out.push('No votes yet.');
  else out.push(...noteList(summary.topVoted, summary, true));

  out.push('', '## Actions', '');
  if (summary.actions.length === 0) out.push('No actions were recorded.');
  else summary.actions.forEach((a, i) => out.push(`${i + 1}. ${escapeMarkdown(actionLine(a, summary.wording))}`));

  for (const q of QUADRANTS) {
    const p = summary.paths[q];
    out.push('', `## ${escapeMarkdown(p.name)}`, '');
    out.push(`*${escapeMarkdown(p.hint)}*`, '');
    out.push(`*${escapeMarkdown(trigger.label)}: ${escapeMarkdown(p.trigger === 'internal' ? trigger.low : trigger.high)} · ${escapeMarkdown(aim.label)}: ${escapeMarkdown(p.aim === 'meaning' ? aim.high : aim.low)}${p.engagesIdentity ? ' · engages the organization\'s identity' : ''}*`, '');
    out.push(p.description, '');
    out.push(`- **Usually promoted by:** ${p.promoters}`, `- **Typical risk:** ${p.risk}`, '');
    out.push(`**${plural(p.count, 'note')}, ${percent(p.share)} of the placed notes.**`, '');
    if (p.notes.length) out.push(...noteList(p.notes, summary, false, true));
  }

  out.push('', '## Parking area', '');
  if (summary.unplaced.length === 0) out.push('Every note was placed on the matrix.');
  else out.push(`${plural(summary.unplaced.length, 'note')} not placed on the matrix:`, '', ...noteList(summary.unplaced, summary, false, true));

  out.push('', '## To discuss', '');
  if (summary.toDiscuss.length === 0) out.push('No note sits on the fence or moved back and forth.');
  summary.toDiscuss.forEach(({ note, reasons }, i) => {
    const indent = ' '.repeat(String(i + 1).length + 2);
    const why = [
      reasons.includes('on-fence') ? `on the fence, ${fenceLabel(note.fenceBetween, summary.wording)}` : null,
      reasons.includes('moved') ? `moved between paths ${note.quadrantChanges} times` : null,
    ].filter((r): r is string => r !== null);
    out.push(`${i + 1}. ${noteText(note.text, indent)}  \n${indent}${placementName(note.placement, summary.wording)} · ${why.join('; ')}`);
    for (const m of note.moves) out.push(`${indent}- ${escapeMarkdown(moveLine(m, summary))}`);
  });

  out.push('', '## Participation', '');
  if (summary.participation.length === 0) out.push('Nobody has joined yet.');
  else {
    const votesKnown = summary.participation.some((r) => r.votes !== null);
    out.push(votesKnown ? '| Person | Notes written | Votes cast |' : '| Person | Notes written |', votesKnown ? '| --- | ---: | ---: |' : '| --- | ---: |');
    for (const r of summary.participation) {
      const who = `${escapeMarkdown(r.name)}${r.role === 'facilitator' ? ' (facilitator)' : ''}`;
      out.push(votesKnown ? `| ${who} | ${r.notes} | ${r.votes ?? 0} |` : `| ${who} | ${r.notes} |`);
    }
    out.push('', 'Only counts are shown: nobody can see who voted for which note.');
  }
  out.push('', '---', '', `*${generatedLine(summary)}*`, '');
  return out.join('\n');
}
