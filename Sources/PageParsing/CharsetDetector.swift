/// Guesses the charset of bytes that carry no usable label: valid UTF-8 is UTF-8;
/// otherwise Cyrillic and Western single-byte readings compete on how much they look
/// like words.
enum CharsetDetector {
    /// The likeliest charset of `bytes[start...]`, given whether they are valid UTF-8.
    static func detect(_ bytes: [UInt8], from start: Int = 0, isUTF8: Bool) -> Charset {
        if isUTF8 { return .utf8 }
        if looksLikeUTF16(bytes, from: start, littleEndian: true) { return .utf16LittleEndian }
        if looksLikeUTF16(bytes, from: start, littleEndian: false) { return .utf16BigEndian }
        return singleByte(bytes[start...])
    }

    /// Picks among windows-1251, KOI8-R and windows-1252 for bytes that are not UTF-8.
    ///
    /// Cyrillic prose puts runs of high bytes together (whole words), where Western text
    /// sprinkles single accented letters among ASCII ones. Between the two Cyrillic
    /// charsets the case ranges are swapped, and prose is mostly lower case.
    static func singleByte(_ bytes: ArraySlice<UInt8>) -> Charset {
        var highInRuns = 0
        var highAlone = 0
        var upperHalfRange = 0  // 0xE0–0xFF: lower case in 1251, upper case in KOI8-R
        var lowerHalfRange = 0  // 0xC0–0xDF: upper case in 1251, lower case in KOI8-R
        var previousHigh = false
        var runLength = 0
        for byte in bytes {
            let high = byte >= 0xC0
            if high {
                runLength += 1
                if byte >= 0xE0 { upperHalfRange += 1 } else { lowerHalfRange += 1 }
            } else if previousHigh {
                if runLength >= 3 { highInRuns += runLength } else { highAlone += runLength }
                runLength = 0
            }
            previousHigh = high
        }
        if runLength >= 3 { highInRuns += runLength } else { highAlone += runLength }
        guard highInRuns > highAlone else { return .windows1252 }
        return upperHalfRange >= lowerHalfRange ? .windows1251 : .koi8R
    }

    /// UTF-16 without a byte-order mark: mostly ASCII text leaves every other byte zero.
    private static func looksLikeUTF16(_ bytes: [UInt8], from start: Int, littleEndian: Bool) -> Bool {
        let end = min(bytes.count, start + 4096)
        guard end - start >= 16 else { return false }
        var zeroAtHigh = 0
        var pairs = 0
        var index = start
        while index + 1 < end {
            let highByte = littleEndian ? bytes[index + 1] : bytes[index]
            let lowByte = littleEndian ? bytes[index] : bytes[index + 1]
            if highByte == 0, lowByte != 0 { zeroAtHigh += 1 }
            pairs += 1
            index += 2
        }
        return zeroAtHigh * 10 >= pairs * 7
    }
}
