import defusedxml.ElementTree as SafeET
from lxml import etree


def parse_invoice(xml_bytes: bytes):
    # ruleid: py-lxml-resolve-entities
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(xml_bytes, parser)


def parse_feed(xml_bytes: bytes):
    # ruleid: py-lxml-resolve-entities
    parser = etree.XMLParser(remove_blank_text=True, no_network=False)
    return etree.fromstring(xml_bytes, parser=parser)


def parse_with_dtd(path: str):
    # ruleid: py-lxml-resolve-entities
    parser = etree.XMLParser(load_dtd=True, dtd_validation=True)
    return etree.parse(path, parser)


def safe(xml_bytes: bytes):
    # ok: py-lxml-resolve-entities
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    # ok: py-lxml-resolve-entities
    tree = SafeET.fromstring(xml_bytes)
    return etree.fromstring(xml_bytes, parser), tree


def parse_svg(svg_bytes: bytes):
    # ruleid: py-lxml-resolve-entities
    parser = etree.XMLParser(huge_tree=True, resolve_entities=True, no_network=True)
    # ok: py-lxml-resolve-entities
    html_parser = etree.HTMLParser(remove_comments=True)
    return etree.fromstring(svg_bytes, parser), html_parser
