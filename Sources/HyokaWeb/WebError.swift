import Hummingbird

/// A request Hyoka cannot answer, with the status and a message for the user.
struct WebError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> WebError { WebError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> WebError { WebError(status: .notFound, message: message) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        let body = isAPI
            ? "{\"error\":\"\(HTML.escapeJSON(message))\",\"status\":\(status.code)}"
            : ErrorPage.html(status: status.code, reason: status.reasonPhrase, message: message,
                             language: request.uri.queryParameters["lang"] == "en" ? .english : .japanese)
        return Response(status: status, headers: [.contentType: isAPI ? "application/json; charset=utf-8" : "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Escaping for text placed in HTML and JSON built by hand.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
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
