import * as Y from 'yjs'
import {
  clearConsensus,
  editMessage,
  markConsensus,
  reply,
  roots,
} from '../../../shared/src/room/index.ts'
import {
  mayComment,
  mayEditMessage,
  mayEditRoom,
  mayMark,
} from '../../../shared/src/room/write-rules.ts'
import {
  editor,
  hasMark,
  hasMessage,
  markKey,
  mention,
  mentioned,
  mentionIn,
  messages,
  mine,
  need,
  never,
  paragraph,
  paragraphOf,
  theirs,
  thread,
  threadEntry,
  threadOf,
  type WriteCase,
} from './write-scenes.ts'

/** Writes of the conversation: comment threads, consensus marks, mentions in the business case. */
export const CONVERSATION_WRITES: readonly WriteCase[] = [
  {
    name: 'comments: start a thread as oneself',
    document: 'shared',
    allowed: ({ writer }) => mayComment(writer.role),
    write: (doc, scene) => void thread(mine)(doc, scene),
    landed: (doc, { marker }) => hasMessage(doc, `target ${marker}`),
  },
  {
    name: 'comments: start a thread in someone else’s name (message author)',
    document: 'shared',
    allowed: ({ writer, other }) => mayComment(writer.role) && other === writer.personId,
    write: (doc, scene) => void thread(theirs)(doc, scene),
    landed: (doc, { marker }) => hasMessage(doc, `target ${marker}`),
  },
  {
    name: 'comments: reply as oneself',
    document: 'shared',
    allowed: ({ writer }) => mayComment(writer.role),
    arrange: thread(theirs),
    write: (doc, { writer, marker }, ids) =>
      reply(doc, need(ids, 'thread'), { authorId: writer.personId, body: marker }),
    landed: (doc, { marker }) => hasMessage(doc, marker),
  },
  {
    name: 'comments: reply in someone else’s name (message author)',
    document: 'shared',
    allowed: ({ writer, other }) => mayComment(writer.role) && other === writer.personId,
    arrange: thread(theirs),
    write: (doc, { other, marker }, ids) =>
      reply(doc, need(ids, 'thread'), { authorId: other, body: marker }),
    landed: (doc, { marker }) => hasMessage(doc, marker),
  },
  {
    name: 'comments: edit one’s own message (message edit)',
    document: 'shared',
    allowed: ({ writer }) => mayEditMessage(writer, writer.personId),
    arrange: thread(mine),
    write: (doc, { marker }, ids) =>
      editMessage(doc, need(ids, 'thread'), need(ids, 'message'), marker),
    landed: (doc, { marker }) => hasMessage(doc, marker),
  },
  {
    name: 'comments: edit someone else’s message (message edit)',
    document: 'shared',
    allowed: ({ writer, other }) => mayEditMessage(writer, other),
    arrange: thread(theirs),
    write: (doc, { marker }, ids) =>
      editMessage(doc, need(ids, 'thread'), need(ids, 'message'), marker),
    landed: (doc, { marker }) => hasMessage(doc, marker),
  },
  {
    name: 'comments: say someone else wrote one’s own message (message author)',
    document: 'shared',
    allowed: never,
    arrange: thread(mine),
    write: (doc, { other }, ids) => messages(doc, ids).get(0).set('authorId', other),
    landed: (doc, { other }, ids) => threadOf(doc, ids)?.messages[0]?.authorId === other,
  },
  {
    name: 'comments: delete one’s own reply',
    document: 'shared',
    // What was said stays said: messages are edited, never removed.
    allowed: never,
    arrange: thread(theirs, mine),
    write: (doc, _scene, ids) => messages(doc, ids).delete(1, 1),
    landed: (doc, _scene, ids) => threadOf(doc, ids)?.messages.length === 1,
  },
  {
    name: 'comments: delete someone else’s reply',
    document: 'shared',
    allowed: never,
    arrange: thread(theirs, theirs),
    write: (doc, _scene, ids) => messages(doc, ids).delete(1, 1),
    landed: (doc, _scene, ids) => threadOf(doc, ids)?.messages.length === 1,
  },
  {
    name: 'comments: resolve a thread',
    document: 'shared',
    allowed: ({ writer }) => mayComment(writer.role),
    arrange: thread(theirs),
    write: (doc, _scene, ids) => {
      const entry = threadEntry(doc, ids)
      if (entry instanceof Y.Map) entry.set('resolved', true)
    },
    landed: (doc, _scene, ids) => threadOf(doc, ids)?.resolved === true,
  },
  {
    name: 'comments: delete one’s own thread (threads are resolved, not deleted)',
    document: 'shared',
    allowed: never,
    arrange: thread(mine),
    write: (doc, _scene, ids) => roots.comments(doc).delete(need(ids, 'thread')),
    landed: (doc, _scene, ids) => !roots.comments(doc).has(need(ids, 'thread')),
  },
  {
    name: 'comments: move a thread to another anchor',
    document: 'shared',
    allowed: never,
    arrange: thread(mine),
    write: (doc, _scene, ids) => {
      const entry = threadEntry(doc, ids)
      if (entry instanceof Y.Map) entry.set('anchorId', 'risks')
    },
    landed: (doc, _scene, ids) => {
      const anchor = threadOf(doc, ids)?.anchor
      return anchor?.kind === 'section' && anchor.id === 'risks'
    },
  },
  {
    name: 'consensus: mark as oneself (consensus key)',
    document: 'shared',
    allowed: ({ writer }) => mayMark(writer, writer.personId),
    write: (doc, scene) => markConsensus(doc, markKey(scene), scene.writer.personId, 'agree'),
    landed: (doc, scene) => hasMark(doc, scene, scene.writer.personId),
  },
  {
    name: 'consensus: mark in someone else’s name (consensus key)',
    document: 'shared',
    allowed: ({ writer, other }) => mayMark(writer, other),
    write: (doc, scene) => markConsensus(doc, markKey(scene), scene.other, 'agree'),
    landed: (doc, scene) => hasMark(doc, scene, scene.other),
  },
  {
    name: 'consensus: clear one’s own mark',
    document: 'shared',
    allowed: ({ writer }) => mayMark(writer, writer.personId),
    arrange: (doc, scene) => {
      markConsensus(doc, markKey(scene), scene.writer.personId, 'agree')
      return {}
    },
    write: (doc, scene) => clearConsensus(doc, markKey(scene), scene.writer.personId),
    landed: (doc, scene) => !hasMark(doc, scene, scene.writer.personId),
  },
  {
    name: 'consensus: clear someone else’s mark',
    document: 'shared',
    allowed: ({ writer, other }) => mayMark(writer, other),
    arrange: (doc, scene) => {
      markConsensus(doc, markKey(scene), scene.other, 'agree')
      return {}
    },
    write: (doc, scene) => clearConsensus(doc, markKey(scene), scene.other),
    landed: (doc, scene) => !hasMark(doc, scene, scene.other),
  },
  {
    name: 'consensus: a mark whose key names no person',
    document: 'shared',
    allowed: never,
    write: (doc, scene) => roots.consensus(doc).set(markKey(scene), { stance: 'agree' }),
    landed: (doc, scene) => roots.consensus(doc).has(markKey(scene)),
  },
  {
    name: 'business case: write a paragraph',
    document: 'shared',
    allowed: editor,
    write: (doc, { marker }) => paragraph(doc, marker),
    landed: (doc, { marker }) => paragraphOf(doc, marker) !== null,
  },
  {
    name: 'business case: mention someone, as oneself (mention by)',
    document: 'shared',
    allowed: editor,
    write: (doc, { marker, writer, other }) =>
      paragraph(doc, marker, mention(other, writer.personId)),
    landed: (doc, { marker }) => paragraphOf(doc, marker) !== null,
  },
  {
    name: 'business case: mention someone in someone else’s name (mention by)',
    document: 'shared',
    allowed: ({ writer, other }) => mayEditRoom(writer.role) && other === writer.personId,
    write: (doc, { marker, other }) => paragraph(doc, marker, mention(`nobody-${marker}`, other)),
    landed: (doc, { marker }) => paragraphOf(doc, marker) !== null,
  },
  {
    // Text moved, split or pasted re-creates a mention that already stands: not a forgery.
    name: 'business case: paste a mention someone else wrote (mention by)',
    document: 'shared',
    allowed: editor,
    arrange: mentioned,
    write: (doc, { marker, writer, other }) =>
      paragraph(doc, marker, mention(writer.personId, other)),
    landed: (doc, { marker }) => paragraphOf(doc, marker) !== null,
  },
  {
    name: 'business case: rewrite whom a mention names',
    document: 'shared',
    allowed: never,
    arrange: mentioned,
    write: (doc, _scene, ids) => mentionIn(doc, need(ids, 'paragraph'))?.setAttribute('id', 'x'),
    landed: (doc, _scene, ids) =>
      mentionIn(doc, need(ids, 'paragraph'))?.getAttribute('id') === 'x',
  },
  {
    name: 'business case: delete a mention',
    document: 'shared',
    allowed: editor,
    arrange: mentioned,
    write: (doc, _scene, ids) => paragraphOf(doc, need(ids, 'paragraph'))?.delete(1, 1),
    landed: (doc, _scene, ids) => mentionIn(doc, need(ids, 'paragraph')) === null,
  },
]
