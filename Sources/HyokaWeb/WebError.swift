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
            : "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>\(status.code)</title><link rel=\"stylesheet\" href=\"/static/hyoka.css\"></head><body><main><h1>\(status.code) \(HTML.escape(status.reasonPhrase))</h1><p>\(HTML.escape(message))</p><p><a href=\"/\">Hyoka</a></p></main></body></html>"
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
