extension TextDump {
    /// Labels of the keyword lists printed under articles ("Tags", "Companies", "Persons" …).
    static let tagLabels: Set<String> = [
        "tags", "tag", "topics", "topic", "keywords", "companies", "countries", "persons", "people",
        "organisations", "organizations", "places", "subjects", "themen", "schlagworte", "schlagwörter",
        "теги", "темы", "метки", "ключевые слова", "персоны", "страны", "компании", "etiquetas", "temas",
        "palabras clave", "tópicos", "assuntos", "argomenti", "parole chiave", "mots-clés", "sujets", "thèmes",
    ]

    /// The longest tag label, in bytes and words.
    static let tagLabelBytes = 28
    static let tagLabelWords = 2

    /// How many units after the article are searched for its tag lists.
    static let tagReach = 40

    /// The place and the agency an agency story opens with: `MINSK, May 29. /TASS/.`,
    /// `WASHINGTON (Reuters) -`.
    func dateline(in paragraphs: [String]) -> (dateline: String?, source: String?) {
        for paragraph in paragraphs.prefix(3) {
            // The opening is cut only for a paragraph that starts like a place: cutting
            // walks 120 characters, and most paragraphs stop at their second letter.
            var place = ""
            var taken = 0
            for character in paragraph {
                guard taken < 120, character.isUppercase || " -'.".contains(character) else { break }
                place.append(character)
                taken += 1
            }
            place = place.trimmingEdges(" -.")
            guard place.count(where: \.isLetter) >= 3 else { continue }
            let opening = paragraph.prefix(120)
            let rest = opening.dropFirst(place.count).drop(while: { $0 == " " })
            guard let mark = rest.first, ",(-—–:/".contains(mark) else { continue }
            return (place, Self.agency(in: rest))
        }
        return (nil, nil)
    }

    /// The agency name written as `/TASS/` or `(Reuters)` near the start of a dateline.
    static func agency(in text: Substring) -> String? {
        let opening = text.prefix(60)
        var index = opening.startIndex
        while let open = opening[index...].firstIndex(where: { $0 == "/" || $0 == "(" }) {
            let close: Character = opening[open] == "/" ? "/" : ")"
            let nameStart = opening.index(after: open)
            index = nameStart
            guard let end = opening[nameStart...].firstIndex(of: close) else { continue }
            let name = opening[nameStart..<end]
            if (2...24).contains(name.count), name.first?.isUppercase == true,
                name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" })
            {
                return String(name)
            }
        }
        return nil
    }

    /// The labels as lower-case UTF-8, to compare with a unit's bytes.
    private static let tagLabelBytesSet: Set<[UInt8]> = Set(tagLabels.map { Array($0.utf8) })

    /// Whether unit `index` is a tag label alone ("Tags", "Themen:"), compared as bytes
    /// lower-cased the way `TextDumpPhrases.fold` does: no string is made for the many short
    /// lines after an article.
    private func isTagLabel(_ index: Int) -> Bool {
        var label: [UInt8] = []
        TextDumpExtractor.append(units[index], lines: lines, from: bytes, to: &label, limit: Self.tagLabelBytes + 3)
        while let last = label.last, last == 0x3A || last == 0x20 { label.removeLast() }
        guard !label.isEmpty, label.count <= Self.tagLabelBytes else { return false }
        label.withUnsafeMutableBufferPointer { TextDumpPhrases.fold($0) }
        return Self.tagLabelBytesSet.contains(label)
    }

    /// Whether unit `index` has a colon early enough to follow a label ("Tags: …").
    private func opensWithLabel(_ index: Int) -> Bool {
        let line = lines[units[index].lines.lowerBound]
        let start = line.start + units[index].markerLength
        return bytes[start..<min(line.end, start + Self.tagLabelBytes)].contains(0x3A)
    }

    /// The entries of the keyword lists under the article: a label line followed by one name
    /// a line, or a label with the names after a colon.
    func tags() -> [String] {
        var tags: [String] = []
        var collecting = false
        for index in region.upperBound..<min(units.count, region.upperBound + Self.tagReach) {
            if units[index].words <= Self.tagLabelWords, isTagLabel(index) {
                collecting = true
                continue
            }
            guard collecting || opensWithLabel(index) else { continue }
            let text = text(of: index)
            if let colon = text.utf8.prefix(Self.tagLabelBytes).firstIndex(of: 0x3A),
                Self.tagLabels.contains(text[..<colon].lowercased())
            {
                let names = text[text.index(after: colon)...].split(whereSeparator: { ",;|".contains($0) })
                tags += names.map { $0.trimmingEdges(" ") }.filter { !$0.isEmpty }
                collecting = false
                continue
            }
            guard collecting else { continue }
            let words = text.split(separator: " ")
            if (1...4).contains(words.count), Self.isName(words) {
                tags.append(text)
            } else if !tags.isEmpty {
                break
            } else {
                collecting = false
            }
        }
        return tags
    }
}
