import PageParsing
import Testing

@Suite("Language detector")
struct LanguageDetectorTests {
    @Test(
        "Common languages are told apart by their short words and script",
        arguments: [
            ("The minister said that the plan was approved by the government and it has support.", "en"),
            ("Правительство заявило, что план был одобрен и он уже получил поддержку в регионах.", "ru"),
            ("Die Regierung hat erklärt, dass der Plan nicht von allen Parteien unterstützt wird.", "de"),
            ("Le gouvernement a déclaré que le plan est soutenu par la majorité des élus.", "fr"),
            ("El gobierno dijo que el plan fue aprobado por la mayoría de los diputados.", "es"),
            ("O governo disse que o plano não foi aprovado pela maioria dos deputados da câmara.", "pt"),
            ("Il governo ha detto che il piano non è stato approvato dalla maggioranza della camera.", "it"),
        ])
    func detectsLanguage(text: String, language: String) {
        #expect(LanguageDetector().detect(text) == language)
    }

    @Test("Too little text gives no guess")
    func tooLittleText() {
        #expect(LanguageDetector().detect("OK") == nil)
    }
}
