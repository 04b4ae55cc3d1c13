// liaison-ews-validate: checks EWS SOAP messages against Microsoft's published EWS schema
// (tests/data/ews-schema). Every SOAP header child is validated against types.xsd and every
// body child against messages.xsd, in place, so the envelope's namespace declarations stay in
// scope. Both schemas are parsed once per run, which keeps suites of thousands of traced
// envelopes fast. Exit status: 0 all valid, 1 some message invalid, 2 usage or setup error.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view kSoap11 = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view kSoap12 = "http://www.w3.org/2003/05/soap-envelope";
constexpr std::string_view kMessages = "http://schemas.microsoft.com/exchange/services/2006/messages";
constexpr std::string_view kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";
constexpr int kErrorsShown = 10;

std::string_view nsOf(const xmlNode *n)
{
    return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char *>(n->ns->href))
                                : std::string_view();
}

std::string_view nameOf(const xmlNode *n)
{
    return reinterpret_cast<const char *>(n->name);
}

bool isSoap(std::string_view ns)
{
    return ns == kSoap11 || ns == kSoap12;
}

// libxml2 made the error argument const in 2.12; Debian 12 has 2.9.
#if LIBXML_VERSION >= 21200
using ErrorArg = const xmlError *;
#else
using ErrorArg = xmlError *;
#endif

// Collects the validator's messages for the element being checked.
void collect(void *sink, ErrorArg error)
{
    auto *lines = static_cast<std::vector<std::string> *>(sink);
    std::string text = error->message ? error->message : "unknown error";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    lines->push_back("line " + std::to_string(error->line) + ": " + text);
}

void ignore(void *, ErrorArg) {}

struct SchemaDeleter
{
    void operator()(xmlSchema *s) const { xmlSchemaFree(s); }
};
struct ValidCtxtDeleter
{
    void operator()(xmlSchemaValidCtxt *c) const { xmlSchemaFreeValidCtxt(c); }
};
struct DocDeleter
{
    void operator()(xmlDoc *d) const { xmlFreeDoc(d); }
};

// One parsed schema with its validation context.
class Schema
{
public:
    bool load(const std::string &path)
    {
        std::vector<std::string> errors;
        xmlSchemaParserCtxt *parser = xmlSchemaNewParserCtxt(path.c_str());
        if (!parser)
            return false;
        xmlSchemaSetParserStructuredErrors(parser, collect, &errors);
        m_schema.reset(xmlSchemaParse(parser));
        xmlSchemaFreeParserCtxt(parser);
        if (!m_schema) {
            std::cout << "ews-validate: cannot load " << path << "\n";
            for (const std::string &e : errors)
                std::cout << "    " << e << "\n";
            return false;
        }
        m_context.reset(xmlSchemaNewValidCtxt(m_schema.get()));
        return m_context != nullptr;
    }

    // Empty when valid; otherwise the validator's messages.
    std::vector<std::string> check(xmlNode *element)
    {
        std::vector<std::string> errors;
        xmlSchemaSetValidStructuredErrors(m_context.get(), collect, &errors);
        const int rc = xmlSchemaValidateOneElement(m_context.get(), element);
        xmlSchemaSetValidStructuredErrors(m_context.get(), ignore, nullptr);
        if (rc != 0 && errors.empty())
            errors.emplace_back("invalid (no message from the validator)");
        return errors;
    }

private:
    std::unique_ptr<xmlSchema, SchemaDeleter> m_schema;
    std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtDeleter> m_context;
};

struct Part
{
    xmlNode *element;
    Schema *schema; // null: not an EWS element
};

std::vector<Part> partsOf(xmlNode *root, Schema &types, Schema &messages)
{
    std::vector<Part> parts;
    const std::string_view ns = nsOf(root);
    if (isSoap(ns) && nameOf(root) == "Envelope") {
        for (xmlNode *section = root->children; section; section = section->next) {
            if (section->type != XML_ELEMENT_NODE || !isSoap(nsOf(section)))
                continue;
            const bool header = nameOf(section) == "Header";
            for (xmlNode *child = section->children; child; child = child->next) {
                if (child->type != XML_ELEMENT_NODE)
                    continue;
                if (header && nsOf(child) == kTypes)
                    parts.push_back({child, &types});
                else if (!header && nsOf(child) == kMessages)
                    parts.push_back({child, &messages});
                else if (!header && nameOf(child) == "Fault")
                    continue;
                else
                    parts.push_back({child, nullptr});
            }
        }
    } else if (ns == kMessages) {
        parts.push_back({root, &messages});
    } else if (ns == kTypes) {
        parts.push_back({root, &types});
    } else {
        parts.push_back({root, nullptr});
    }
    return parts;
}

bool validate(const std::string &name, const std::string &data, Schema &types, Schema &messages)
{
    std::vector<std::string> parseErrors;
    xmlSetStructuredErrorFunc(&parseErrors, collect);
    std::unique_ptr<xmlDoc, DocDeleter> doc(
        xmlReadMemory(data.data(), int(data.size()), name.c_str(), nullptr, XML_PARSE_NONET));
    xmlSetStructuredErrorFunc(nullptr, ignore);
    if (!doc || !xmlDocGetRootElement(doc.get())) {
        std::cout << name << ": not well-formed XML"
                  << (parseErrors.empty() ? "" : ": " + parseErrors.front()) << "\n";
        return false;
    }
    bool ok = true;
    for (const Part &part : partsOf(xmlDocGetRootElement(doc.get()), types, messages)) {
        const std::string label = name + ": " + std::string(nameOf(part.element));
        if (!part.schema) {
            std::cout << label << ": not an EWS element ({" << nsOf(part.element) << "}"
                      << nameOf(part.element) << ")\n";
            ok = false;
            continue;
        }
        const std::vector<std::string> errors = part.schema->check(part.element);
        if (errors.empty()) {
            std::cout << label << ": valid\n";
            continue;
        }
        ok = false;
        std::cout << label << ": INVALID\n";
        for (size_t i = 0; i < errors.size() && i < size_t(kErrorsShown); ++i)
            std::cout << "    " << errors[i] << "\n";
    }
    return ok;
}

bool readAll(std::istream &in, std::string *out)
{
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

int usage()
{
    std::cout << "usage: liaison-ews-validate [--schema-dir DIR] FILE...   (a SOAP envelope or a bare EWS "
                 "element)\n"
                 "       liaison-ews-validate [--schema-dir DIR] -         (one envelope on standard input)\n"
                 "Checks each SOAP header child against types.xsd and each body child against messages.xsd.\n"
                 "Exit status: 0 all valid, 1 some message invalid, 2 usage or setup error.\n";
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    std::string schemaDir = LIAISON_EWS_SCHEMA_DIR;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help")
            return usage();
        if (arg == "--schema-dir" && i + 1 < argc)
            schemaDir = argv[++i];
        else
            files.emplace_back(arg);
    }
    if (files.empty())
        return usage();

    xmlInitParser();
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader); // the schema never reaches the network
    Schema types;
    Schema messages;
    if (!types.load(schemaDir + "/types.xsd") || !messages.load(schemaDir + "/messages.xsd"))
        return 2;

    bool ok = true;
    for (const std::string &file : files) {
        std::string data;
        if (file == "-") {
            readAll(std::cin, &data);
            ok &= validate("<stdin>", data, types, messages);
            continue;
        }
        std::ifstream in(file, std::ios::binary);
        if (!in || !readAll(in, &data)) {
            std::cout << file << ": cannot be read\n";
            ok = false;
            continue;
        }
        ok &= validate(file, data, types, messages);
    }
    xmlCleanupParser();
    return ok ? 0 : 1;
}
