import Hummingbird
import HyokaModel

/// A request Hyoka cannot answer, with the status and a message for the user.
///
/// Pages get an HTML page and /api/… the JSON error docs/openapi.json
/// promises (`{"error": …, "status": …}`, with `candidates` when a reference
/// is ambiguous), whatever raised it: a handler, a bad parameter, or no route.
struct WebError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    /// Documents the request could have meant (409): file names or ids, offered as links.
    var candidates: [String] = []

    static func badRequest(_ message: String) -> WebError { WebError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> WebError { WebError(status: .notFound, message: message) }

    /// A prefix that fits several documents: 409 Conflict rather than 300
    /// Multiple Choices, because browsers and HTTP clients treat a 3xx without
    /// Location as a broken redirect, while a 4xx body is shown (the HTML page
    /// lists the candidates as links) or read (the JSON lists them).
    static func ambiguous(_ reference: String, candidates: [String]) -> WebError {
        WebError(status: .conflict, message: "「\(reference)」 matches \(candidates.count) documents; choose one, or give more characters of the id or file name.",
                 candidates: candidates)
    }

    /// A message for a status Hummingbird raised without one.
    static func explanation(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is no page at this address."
        case .badRequest: "The request could not be read."
        default: status.reasonPhrase
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        let body = isAPI
            ? json
            : ErrorPage.html(status: status.code, reason: status.reasonPhrase, message: message, choices: choices,
                             language: request.uri.queryParameters["lang"] == "en" ? .english : .japanese)
        return Response(status: status, headers: [.contentType: isAPI ? "application/json; charset=utf-8" : "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    var json: String {
        let list = candidates.isEmpty ? "" : ",\"candidates\":[" + candidates.map { "\"\(HTML.escapeJSON($0))\"" }.joined(separator: ",") + "]"
        return "{\"error\":\"\(HTML.escapeJSON(message))\",\"status\":\(status.code)\(list)}"
    }

    /// The candidates of an ambiguous reference, as links (empty otherwise).
    var choices: String {
        candidates.isEmpty ? "" : "<ul>" + candidates.map {
            "<li><a href=\"\(HTML.escape(Permalink.document($0)))\">\(HTML.escape($0))</a></li>"
        }.joined() + "</ul>"
    }
}

/// A page that has moved for good (an earlier permalink): 301 to `location`, with the request's query kept.
struct PermanentRedirect: Error, HTTPResponseError {
    var location: String
    var status: HTTPResponse.Status { .movedPermanently }

    init(_ path: String, query: String?) {
        location = path + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.location: location, .contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title></head><body><p><a href=\"\(HTML.escape(location))\">\(HTML.escape(location))</a></p></body></html>")))
    }
}

/// Escaping for text placed in HTML and JSON built by hand.
enum HTML {
    ///
    /// Works on UTF-8 bytes: the five characters it replaces are ASCII, and an
    /// ASCII byte never occurs inside another character's encoding. So text
    /// without them, which is most of it, is returned as it is, and even an
    /// `&` that a combining mark follows (one `Character`) is escaped.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: isSpecial) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// Generated English text that quotes the documents (「国際の平和…」,
    /// “1,116自治体”): escaped, the whole marked `lang="en"` and each run of
    /// Japanese inside it `lang="ja"`, so that a screen reader reads both
    /// languages right on either page (WCAG 3.1.2).
    static func englishQuoting(_ text: String) -> String {
        var html = "<span lang=\"en\">"
        var inJapanese = false
        for character in text {
            if isJapanese(character) {
                if !inJapanese { html += "<span lang=\"ja\">" }
                inJapanese = true
            } else if inJapanese, !(character.isWhitespace || character.isNumber || ",.%".contains(character)) {
                // Spaces and figures between Japanese words stay with them; a Latin letter or a quote ends the run.
                html += "</span>"
                inJapanese = false
            }
            html += escape(String(character))
        }
        return html + (inJapanese ? "</span>" : "") + "</span>"
    }

    /// Kana, kanji, and the full-width forms and brackets Japanese is written with.
    /// Why a project is linked, in the page's language: the Japanese reason on
    /// Japanese pages (escaped, in the page's own language), the English one
    /// with its quotations marked otherwise, and for a link stored before
    /// reasons were written in both languages.
    static func linkReason(_ link: ReviewProjectLink, _ language: Language) -> String {
        if language == .japanese, let japanese = link.reasonJapanese { return escape(japanese) }
        return englishQuoting(link.reason)
    }

    static func isJapanese(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            (0x3000...0x30FF).contains(scalar.value) || (0x3400...0x9FFF).contains(scalar.value) || (0xFF01...0xFF60).contains(scalar.value)
        }
    }

    static func escapeJSON(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}

import Foundation
