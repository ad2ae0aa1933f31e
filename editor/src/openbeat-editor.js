/* Open Beat: what the browser editor adds to Decap CMS (contract section 14).
 *
 * - the `pelican` file format (pelican-format.js), for every collection;
 * - widgets that check what lint checks, before saving: `ob-date` (a date, and a time
 *   where the key needs one), `ob-teaser` (counts characters, at most the limit),
 *   `ob-alt` (required whenever its image is set);
 * - a new entry gets a fresh permanent `Id` when it is first saved;
 * - the preview: the entry as residents will see it, with the site's own CSS.
 *
 * The configuration is config.yml beside this page (JSON, written by
 * openbeat/editor/config.py); nothing is loaded from another host.
 */
(function () {
  'use strict';

  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var DATE_RE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$/;
  var TODAY = '{{today}}';

  function todayIn(timezone) {
    try {
      // en-CA writes dates as YYYY-MM-DD.
      return new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit',
      }).format(new Date());
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return 'urn:uuid:' + window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join('');
    return 'urn:uuid:' + [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  function realDate(day) {
    var d = new Date(day + 'T00:00:00Z');
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
  }

  function error(message) {
    return { error: { type: 'CUSTOM', message: message } };
  }

  function label(field) {
    return field.get('label') || field.get('name');
  }

  /* A date, and a time when the key takes one: YYYY-MM-DD or YYYY-MM-DD HH:MM (contract section 2). */
  var DateControl = createClass({
    parts: function () {
      var value = this.props.value || '';
      var m = DATE_RE.exec(String(value).trim());
      return m ? { day: m[1], time: m[2] || '' } : { day: '', time: '' };
    },
    isValid: function () {
      var value = String(this.props.value || '').trim();
      var time = this.props.field.get('time');
      if (!value) return true;
      var m = DATE_RE.exec(value);
      if (!m || !realDate(m[1])) {
        return error(label(this.props.field) + ': write a date like 2026-05-01' +
          (time ? ' or 2026-05-01 14:30' : '') + '.');
      }
      if (time === 'required' && !m[2]) return error(label(this.props.field) + ': add the time too.');
      return true;
    },
    change: function (day, time) {
      if (!day) return this.props.onChange('');
      this.props.onChange(time ? day + ' ' + time : day);
    },
    render: function () {
      var self = this;
      var props = this.props;
      var parts = this.parts();
      var raw = String(props.value || '');
      var timeField = props.field.get('time');
      var children = [
        h('input', {
          key: 'day', id: props.forID, type: 'date', value: parts.day,
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          onChange: function (e) { self.change(e.target.value, parts.time); },
        }),
      ];
      if (timeField) {
        children.push(h('input', {
          key: 'time', type: 'time', value: parts.time, 'aria-label': label(props.field) + ' (time)',
          onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          onChange: function (e) { self.change(parts.day, e.target.value); },
        }));
        children.push(h('span', { key: 'note', className: 'ob-date__note' },
          timeField === 'required' ? 'date and time' : 'time optional'));
      }
      if (raw && !parts.day) {
        children.push(h('span', { key: 'raw', className: 'ob-date__raw' }, 'now: ' + raw));
      }
      return h('div', { className: props.classNameWrapper + ' ob-date' }, children);
    },
  });

  /* Plain text for social media: counted, at most `limit` characters (lint: TEASER_LIMIT). */
  var TeaserControl = createClass({
    isValid: function () {
      var limit = this.props.field.get('limit') || 250;
      var length = Array.from(String(this.props.value || '')).length;
      if (length > limit) {
        return error('Teaser: ' + length + ' characters; at most ' + limit + '. Shorten it by ' + (length - limit) + '.');
      }
      return true;
    },
    render: function () {
      var props = this.props;
      var limit = props.field.get('limit') || 250;
      var warn = props.field.get('warn') || limit;
      var value = String(props.value || '');
      var length = Array.from(value).length;
      var state = length > limit ? 'over' : length > warn ? 'warn' : 'ok';
      return h('div', { className: 'ob-teaser' }, [
        h('textarea', {
          key: 'input', id: props.forID, className: props.classNameWrapper, rows: 3, value: value,
          'aria-describedby': props.forID + '-count', onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
          onChange: function (e) { props.onChange(e.target.value.replace(/\s*\n\s*/g, ' ')); },
        }),
        h('p', { key: 'count', id: props.forID + '-count', className: 'ob-teaser__count ob-teaser__count--' + state },
          length + ' / ' + limit + ' characters' +
          (state === 'over' ? ': too long' : state === 'warn' ? ': some networks cut after ' + warn : '')),
      ]);
    },
  });

  /* The text alternative of an image: required whenever the image is set (lint: Image-Alt, Photo-Alt). */
  var AltControl = createClass({
    isValid: function () {
      var imageField = this.props.field.get('image_field');
      var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      var image = entry && entry.getIn(['data', imageField]);
      var value = String(this.props.value || '').trim();
      if (image && !value) {
        return error(label(this.props.field) + ': describe the image for people who cannot see it.');
      }
      return true;
    },
    render: function () {
      var props = this.props;
      return h('input', {
        id: props.forID, type: 'text', className: props.classNameWrapper, value: props.value || '',
        onFocus: props.setActiveStyle, onBlur: props.setInactiveStyle,
        onChange: function (e) { props.onChange(e.target.value); },
      });
    },
  });

  function TextPreview(props) {
    return h('span', null, props.value ? String(props.value) : '');
  }

  /* The preview: the entry laid out with the site's classes and CSS. */
  var SKIP = { title: 1, id: 1, body: 1, question: 1, asker: 1, teaser: 1, status: 1, slug: 1, lang: 1, tags: 1 };

  function show(value) {
    if (value && value.toJS) value = value.toJS();
    if (Array.isArray(value)) return value.join(', ');
    return value === undefined || value === null ? '' : String(value);
  }

  var Preview = createClass({
    render: function () {
      var props = this.props;
      var data = props.entry.get('data');
      var collection = props.collection;
      var fields = (props.fields && props.fields.toJS ? props.fields.toJS() : collection.get('fields').toJS());
      var children = [];
      var es = data.get('lang') === 'es';
      children.push(h('p', { key: 'kicker', className: 'ob-item__kicker' }, collection.get('label_singular')));
      children.push(h('h1', { key: 'title', className: 'ob-item__title' }, data.get('title') || ''));
      if (data.get('status') === 'draft') {
        children.push(h('p', { key: 'draft', className: 'ob-note ob-preview__draft' },
          es ? 'Borrador: no se publica hasta cambiar el estado.' : 'Draft: published nowhere until its Status is Published.'));
      }
      if (data.get('question')) {
        children.push(h('figure', { key: 'question', className: 'ob-question' }, [
          h('blockquote', { key: 'q', className: 'ob-question__text' }, h('p', null, data.get('question'))),
          h('figcaption', { key: 'who', className: 'ob-question__who' },
            (es ? 'Preguntado por ' : 'Asked by ') + (data.get('asker') || (es ? 'un residente' : 'a resident')) +
            (data.get('asked') ? ', ' + data.get('asked') : '')),
        ]));
      }
      var rows = [];
      var images = [];
      var alts = {};
      fields.forEach(function (f) { if (f.widget === 'ob-alt') alts[f.image_field] = f.name; });
      fields.forEach(function (f) {
        var value = data.get(f.name);
        if (SKIP[f.name] || f.widget === 'ob-alt' || f.widget === 'hidden' || !show(value)) return;
        if (f.widget === 'image') {
          var asset = props.getAsset(value);
          images.push(h('figure', { key: f.name, className: 'ob-figure' },
            h('img', { src: asset ? asset.toString() : '', alt: data.get(alts[f.name]) || '' })));
          return;
        }
        rows.push(h('div', { key: f.name, className: 'ob-meta__row' }, [
          h('dt', { key: 'dt' }, f.label.replace(/ \(.*\)$/, '')), h('dd', { key: 'dd' }, show(value)),
        ]));
      });
      if (rows.length) children.push(h('dl', { key: 'meta', className: 'ob-meta' }, rows));
      children = children.concat(images);
      children.push(h('div', { key: 'body', className: 'ob-prose' }, props.widgetFor('body')));
      var tags = data.get('tags');
      if (tags && tags.size) {
        children.push(h('ul', { key: 'tags', className: 'ob-tags' }, tags.toJS().map(function (t) {
          return h('li', { key: t, className: 'ob-tag' }, t);
        })));
      }
      if (data.get('teaser')) {
        children.push(h('aside', { key: 'teaser', className: 'ob-note ob-preview__teaser' }, [
          h('strong', { key: 's' }, es ? 'En redes sociales: ' : 'On social media: '), data.get('teaser'),
        ]));
      }
      return h('main', { className: 'ob-main', lang: es ? 'es' : 'en' },
        h('article', { className: 'ob-item ob-item--' + collection.get('name') }, children));
    },
  });

  function prepare(config) {
    (config.collections || []).forEach(function (collection) {
      (collection.fields || []).forEach(function (field) {
        if (field.default === TODAY) field.default = todayIn(field.timezone || 'UTC');
      });
    });
    return config;
  }

  /* Decap's words where they would mislead: with make edit, "Publish" only saves the file
     (a post is published by its Status, at the next build). Merged over Decap's English. */
  function words(config) {
    var local = config.backend && config.backend.name === 'proxy';
    var toolbar = local ? {
      publish: 'Save', publishing: 'Saving...', published: 'Saved', publishNow: 'Save now',
      publishAndCreateNew: 'Save and create new', publishAndDuplicate: 'Save and duplicate',
      deployButtonLabel: 'View site',
    } : {};
    return {
      auth: local ? { login: 'Open the editor' } : {},
      collection: { collectionTop: { newButton: 'New %{collectionLabel}' } },
      editor: { editorToolbar: toolbar },
    };
  }

  function start(config) {
    prepare(config);
    CMS.registerLocale('ob', words(config));
    config.locale = 'ob';
    CMS.registerCustomFormat('pelican', 'md', window.OpenBeatFormat.createFormat(config));
    CMS.registerWidget('ob-date', DateControl, TextPreview);
    CMS.registerWidget('ob-teaser', TeaserControl, TextPreview);
    CMS.registerWidget('ob-alt', AltControl, TextPreview);
    CMS.registerPreviewStyle('preview.css');
    (config.collections || []).forEach(function (collection) {
      CMS.registerPreviewTemplate(collection.name, Preview);
    });
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (args) {
        var entry = args.entry;
        var data = entry.get('data');
        if (entry.get('newRecord')) {
          // A new entry (or a duplicate) is written fresh, with its own permanent Id.
          data = data.delete(window.OpenBeatFormat.SOURCE).set('id', newId());
        }
        return data;
      },
    });
    CMS.init({ config: config });
  }

  fetch('config.yml', { cache: 'no-store' })
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function (e) {
      document.body.insertAdjacentHTML('afterbegin', '<p role="alert">The editor could not start: ' +
        String(e).replace(/[<&]/g, '') + '</p>');
    });
})();
