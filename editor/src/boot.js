/* Loaded before Decap CMS: Open Beat starts it itself, once config.yml is read (openbeat-editor.js). */
window.CMS_MANUAL_INIT = true;
