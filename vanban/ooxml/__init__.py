"""The one place that knows WordprocessingML (ECMA-376 / ISO/IEC 29500, transitional).

Modules, one concern each:

- :mod:`.xml` — namespaces, ``qn``, the hardened parser, serialisation, canonical XML;
- :mod:`.units` — millimetres, twips and EMU;
- :mod:`.elements` — making elements and the one table of the schema's child orders;
- :mod:`.builders` — paragraph, run, table, section, field and hyperlink helpers on python-docx;
- :mod:`.reading` — text, tables, sections and style resolution (:class:`StyleSheet`);
- :mod:`.package` — the zip package: untrusted reading (:func:`open_package`), deterministic writing;
- :mod:`.fill` — per-copy packages of the fast per-recipient renderer;
- :mod:`.merge` — the merged print file of all copies;
- :mod:`.tables` — the rows of data tables (bảng), written fast, with spans and keep-with-next;
- :mod:`.revisions` — tracked changes for the redline;
- :mod:`.parts` — document properties, settings and the font table of every output;
- :mod:`.wordform` — an office's own Word form (mau_word): its tags for docxtpl, filled and appended.

Renderers, the checker, the differ and the tests import ``from vanban import ooxml`` and call
``ooxml.X``; nobody else builds XML, parses it, or reaches into python-docx's elements.
"""

from .builders import (
    FONT_SLOTS, ParagraphAppender, add_hyperlink, add_text_run, add_page_break, add_page_field, add_section, box_table, clear_body,
    drop_relationships, drop_stock_extras, empty_cell, end_section_on_last_paragraph, grid_table,
    hide_paragraph_mark, is_break_paragraph, keep_table_together, keep_with_next, merge_cells, move_after, move_before, orient_section, paragraph_border,
    section_text_width_mm, set_document_defaults, set_fonts, set_header_distance, set_lang,
    set_paragraph_defaults, set_style_fonts, set_style_id, set_title_page, strip_theme_fonts, table_layout,
)
from .elements import CHILD_ORDER, el, get_or_add, insert_in_order, rank_of, set_child, tags_after, xml_of
from .fill import PackageTemplate, PartTemplate
from .merge import MAX_MERGED_BYTES, MergedDocument, MergedTooLarge, body_content, first_section_restart, \
    merge_layout
from .notes import (
    FOOTNOTES_PART, add_footnote_reference, add_footnotes_part, footnotes_by_id, footnotes_xml, referenced_footnotes,
)
from .package import (
    COMPRESS_LEVEL, MAX_MEMBERS, MAX_PACKAGE_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, W_MAIN, ZIP_EPOCH,
    ATTACHED_TEMPLATE, Package, PackageError, check_zip, deterministic_zip, external_template_links, open_package,
    package_members, read_part, replace_parts, save_document, strip_external_templates, write_package, zip_entry,
)
from .parts import (
    APPLICATION, COMPATIBILITY_MODE, CORE_PROPERTY_MAX, app_properties, app_version, core_text, finish,
    fonts_in_use, package_version, prune_font_table, set_compatibility_mode, set_core_properties, set_zoom,
)
from .reading import (
    StyleSheet, body_paragraphs, body_paragraphs_to_read, body_runs, body_tables, cell_column, cell_of, cell_paragraphs, cell_position, cell_width_twips,
    field_paragraphs, first_section_properties, has_drawing, has_field, has_nested_paragraphs, has_run_properties, header_footer_refs, is_section_break, is_text_run, is_toggle_on, may_have_direct_formatting,
    iter_paragraph_text_runs, mark_hidden, next_cell, next_paragraph, other_row_cells, page_margins, page_size,
    paragraph_border_sides, paragraph_containers, paragraph_runs, paragraph_style_id, paragraph_text, previous_block,
    row_can_split, row_is_header, row_of_cell, cell_vmerge, run_color, run_offsets,
    run_text, section_break_paragraphs, section_properties, table_rows, story_paragraphs, style_names, table_grid, tables_before, text_runs, theme_fonts,
    title_page, twips_attr, paragraph_pieces, core_properties, is_empty_paragraph, keeps_with_next, application_name, table_of_cell,
)
from .revisions import Revisions, deleted_paragraph_copy, mark_inserted_paragraph, redline_paragraph, \
    track_revisions_setting
from .tables import CellRun, GridCell, GridRowSpec, PlainRow, append_grid_rows
from . import wordform
from .units import TWIPS_PER_MM, mm, mm_to_twips, twips_to_mm
from .xml import (
    NS, W_NS, XML_SPACE, canonical_xml, child, local_name, nsdecls, parse_xml, qn, safe_parser, serialize_fragment,
    serialize_part, xml_text,
)
