/* Open Beat: the editor's file format, Pelican Markdown headers (contract section 2).
 *
 *   Title: The bike unit is back downtown
 *   Tags: downtown, community policing
 *   Summary: a long value may go on
 *       on lines indented by four spaces
 *
 *   The body, in Markdown.
 *
 * `createFormat(config)` returns the { fromFile, toFile } pair that Decap CMS's
 * `CMS.registerCustomFormat` takes; the same file runs under node in the tests.
 *
 * Reading keeps the whole file in the entry (`__source`), so that writing can give
 * back every line whose value did not change exactly as it was (spelling, spacing,
 * continuation lines, order): a file opened and saved without a change stays
 * byte-identical, and a change to one key changes one line. A key that was not in
 * the file is written as the contract spells it, where the type's key order (the
 * order scripts/new.py writes) puts it. A new entry is written in that order:
 * Title, Id, the required keys, the optional keys, Status; empty keys are left out.
 *
 * Header rules are Python-Markdown's meta extension, which Pelican uses: a header
 * line is `Key: value` (the key of letters, digits, `_` and `-`, at most three
 * spaces before it), a line indented by four spaces or more continues the value,
 * and the header ends at the first blank line (which is dropped) or at the first
 * line that is neither.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.OpenBeatFormat = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var KEY_RE = /^ {0,3}([A-Za-z0-9_-]+):[ \t]*(.*)$/;
  var MORE_RE = /^ {4,}(.*)$/;
  var SOURCE = '__source'; // the file as read; never written
  var BODY = 'body';
  var CONTINUATION = '    ';

  /** The data name of a header key: lower case, `-` as `_` (Review-Due -> review_due). */
  function fieldName(key) {
    return key.toLowerCase().replace(/-/g, '_');
  }

  /** How the contract spells a key (review_due -> Review-Due). */
  function spell(name) {
    return name.split('_').map(function (part) {
      return part.charAt(0).toUpperCase() + part.slice(1);
    }).join('-');
  }

  function splitLines(text) {
    // Every line keeps its own ending, so joining them gives the text back.
    var lines = text.match(/[^\n]*\n|[^\n]+$/g);
    return lines || [];
  }

  function stripEnding(line) {
    return line.replace(/\r?\n$/, '');
  }

  /** The parts of a file: header entries (with their raw lines), separator, body. */
  function parse(text) {
    var lines = splitLines(text);
    var entries = [];
    var i = 0;
    for (; i < lines.length; i++) {
      var line = stripEnding(lines[i]);
      if (i === 0) line = line.replace(/^\uFEFF/, '');
      var more = entries.length ? MORE_RE.exec(line) : null;
      if (more && line.trim() !== '') {
        var last = entries[entries.length - 1];
        last.lines.push(lines[i]);
        last.parts.push(more[1].trim());
        continue;
      }
      var key = KEY_RE.exec(line);
      if (!key || line.trim() === '') break;
      entries.push({ key: key[1], name: fieldName(key[1]), lines: [lines[i]], parts: [key[2].trim()] });
    }
    var separator = '';
    if (i < lines.length && entries.length && stripEnding(lines[i]).trim() === '') {
      separator = lines[i];
      i++;
    }
    var ending = /\r\n/.test(text) ? '\r\n' : '\n';
    return { entries: entries, separator: separator, body: lines.slice(i).join(''), ending: ending };
  }

  function isEmpty(value) {
    if (value === undefined || value === null) return true;
    if (Array.isArray(value)) return value.every(isEmpty);
    return String(value).trim() === '';
  }

  /** One value as header text; lists are joined with ", ". */
  function show(value) {
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) {
      return value.map(show).filter(function (v) { return v !== ''; }).join(', ');
    }
    return String(value).trim();
  }

  /**
   * @param {object} config the editor configuration (openbeat/editor/config.py): the
   *   fields of its collections say which keys hold lists, and `defaults` the value an
   *   absent key stands for (Lang: en).
   */
  function createFormat(config) {
    config = config || {};
    var lists = {};
    var defaults = config.defaults || { lang: 'en' };
    (config.collections || []).forEach(function (collection) {
      (collection.fields || []).forEach(function (field) {
        if (field.widget === 'list' || (field.widget === 'relation' && field.multiple)) lists[field.name] = true;
      });
    });
    (config.lists || []).forEach(function (name) { lists[name] = true; });

    function valueOf(entry) {
      var text = entry.parts.filter(function (p) { return p !== ''; }).join(' ');
      if (lists[entry.name]) {
        return text.split(',').map(function (v) { return v.trim(); }).filter(function (v) { return v !== ''; });
      }
      if (entry.parts.length > 1 && entry.name !== 'summary') return text;
      return entry.parts.join('\n').trim();
    }

    function sameValue(name, before, now) {
      if (isEmpty(now) && isEmpty(before)) return true;
      return show(before).replace(/\s+/g, ' ') === show(now).replace(/\s+/g, ' ');
    }

    function writeLine(key, value, ending) {
      var lines = show(value).split(/\r?\n/).map(function (l) { return l.trim(); }).filter(function (l) { return l; });
      var out = (key + ': ' + (lines.shift() || '')).replace(/\s+$/, '') + ending;
      lines.forEach(function (l) { out += CONTINUATION + l + ending; });
      return out;
    }

    function fromFile(text) {
      var parsed = parse(text);
      var data = {};
      parsed.entries.forEach(function (entry) {
        if (!(entry.name in data)) data[entry.name] = valueOf(entry);
      });
      Object.keys(defaults).forEach(function (name) {
        if (!(name in data)) data[name] = defaults[name];
      });
      data[BODY] = parsed.body;
      data[SOURCE] = text;
      return data;
    }

    /**
     * @param {object} data the entry's values (as fromFile gave them, changed by the editor)
     * @param {string[]} order the collection's field names, in the order of the file
     */
    function toFile(data, order) {
      order = (order || []).filter(function (n) { return n !== BODY && n !== SOURCE; });
      if (order.indexOf('title') < 0) order.unshift('title');
      var source = typeof data[SOURCE] === 'string' ? parse(data[SOURCE]) : null;
      var ending = source ? source.ending : '\n';
      var out = []; // { name, text }
      var seen = {};

      function absentDefault(name, value) {
        return name in defaults && show(value) === defaults[name];
      }

      if (source) {
        source.entries.forEach(function (entry) {
          if (seen[entry.name]) { // a repeated key: kept as it was
            out.push({ name: entry.name, text: entry.lines.join('') });
            return;
          }
          seen[entry.name] = true;
          var known = order.indexOf(entry.name) >= 0 || entry.name in data;
          if (!known || sameValue(entry.name, valueOf(entry), data[entry.name])) {
            out.push({ name: entry.name, text: entry.lines.join('') });
          } else if (!isEmpty(data[entry.name])) {
            out.push({ name: entry.name, text: writeLine(entry.key, data[entry.name], ending) });
          } // else: the value was cleared, and the line goes
        });
      }
      // Keys that are new to the file, each where the type's order puts it.
      order.forEach(function (name, rank) {
        if (seen[name] || isEmpty(data[name]) || absentDefault(name, data[name])) return;
        seen[name] = true;
        var line = { name: name, text: writeLine(spell(name), data[name], ending) };
        var at = out.findIndex(function (o) { var r = order.indexOf(o.name); return r > rank; });
        if (at < 0) out.push(line); else out.splice(at, 0, line);
      });

      var body = typeof data[BODY] === 'string' ? data[BODY] : '';
      if (source && body === source.body) {
        body = source.body;
      } else {
        body = body.replace(/\r\n/g, '\n');
        if (ending !== '\n') body = body.replace(/\n/g, ending);
        if (body && !/\n$/.test(body)) body += ending;
      }
      if (!out.length) return body;
      var header = out.map(function (o) { return o.text; }).join('');
      var separator = source && source.entries.length ? source.separator : ending;
      if (!body && !separator) return header; // a file that is only a header stays so
      if (!/\n$/.test(header)) header += ending; // a header that had no last newline, now with a body
      return header + separator + body;
    }

    return { fromFile: fromFile, toFile: toFile };
  }

  return { createFormat: createFormat, parse: parse, fieldName: fieldName, spell: spell, SOURCE: SOURCE };
});
