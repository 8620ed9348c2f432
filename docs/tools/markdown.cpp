// The Markdown sources, as people read them (the repository page, an editor):
//
//   markdown snippets ROOT [--update]  the code under each `<!-- snippet: FILE NAME -->`
//                                      in README.md and docs/*.md is the region NAME of
//                                      docs/examples/FILE (between `//! [NAME]` lines,
//                                      dedented); --update rewrites it. Every ```cpp block
//                                      there has such a line, and the README's blocks are
//                                      whole programs (an `int main`, balanced braces).
//   markdown links ROOT                every relative link and image of every .md under
//                                      ROOT points to a file that exists.
//   markdown plain ROOT                no Doxygen command in the Markdown sources
//                                      (@snippet, @ref, @subpage, \f$, \f[, \includedoc,
//                                      {#label}): the docs build adds them to its copy.
//   markdown render CMARK FILE...      renders each file with cmark (CommonMark) and fails
//                                      on a fence that does not close and on a heading
//                                      that renders as something else (inside code).
//
// Exit status 0 when everything holds; each problem is printed as FILE:LINE: what.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

int problems = 0;
void problem(const fs::path& file, std::size_t line, const std::string& what) {
    std::cerr << file.string() << ':' << line << ": " << what << '\n';
    ++problems;
}

std::vector<std::string> read_lines(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

/// A fence line of CommonMark: at most 3 spaces, then ``` or ~~~.
bool is_fence(const std::string& line) {
    const auto b = line.find_first_not_of(' ');
    return b != std::string::npos && b <= 3 &&
           (line.compare(b, 3, "```") == 0 || line.compare(b, 3, "~~~") == 0);
}
/// A line an author meant as a fence, however far it is indented.
bool looks_like_fence(const std::string& line) {
    const std::string t = trim(line);
    return t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0;
}

/// The lines between `//! [name]` markers of an example, dedented; false when absent.
bool region(const fs::path& file, const std::string& name, std::vector<std::string>& out) {
    const auto lines = read_lines(file);
    const std::string marker = "//! [" + name + "]";
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string t = trim(lines[i]);
        if (t == marker) at.push_back(i);
    }
    if (at.size() != 2) return false;
    out.clear();
    for (std::size_t i = at[0] + 1; i < at[1]; ++i) {
        const std::string t = trim(lines[i]);
        if (t.rfind("//! [", 0) == 0 && t.back() == ']') continue;  // the markers of regions inside
        out.push_back(lines[i]);
    }
    std::size_t indent = std::string::npos;
    for (const auto& l : out) {
        if (trim(l).empty()) continue;
        indent = std::min(indent, l.find_first_not_of(' '));
    }
    for (auto& l : out) {
        l = trim(l).empty() ? "" : l.substr(indent == std::string::npos ? 0 : indent);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.pop_back();
    }
    return true;
}

std::vector<fs::path> snippet_pages(const fs::path& root) {
    std::vector<fs::path> pages{root / "README.md"};
    for (const auto& e : fs::directory_iterator(root / "docs")) {
        if (e.path().extension() == ".md") pages.push_back(e.path());
    }
    std::sort(pages.begin(), pages.end());
    return pages;
}

int snippets(const fs::path& root, bool update) {
    static const std::regex marker(R"(^<!-- snippet: (\S+) (\S+) -->$)");
    int count = 0;
    for (const auto& page : snippet_pages(root)) {
        const auto lines = read_lines(page);
        std::vector<std::string> out;
        const bool readme = page.filename() == "README.md";
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::smatch m;
            const std::string& line = lines[i];
            if (std::regex_match(line, m, marker)) {
                out.push_back(line);
                std::vector<std::string> code;
                const fs::path example = root / "docs" / "examples" / m[1].str();
                if (!region(example, m[2].str(), code)) {
                    problem(page, i + 1,
                            "no region `//! [" + m[2].str() + "]` (two marker lines) in " + example.string());
                    continue;
                }
                if (i + 1 >= lines.size() || trim(lines[i + 1]) != "```cpp") {
                    problem(page, i + 2, "a snippet line must be followed by a ```cpp fence");
                    continue;
                }
                std::size_t end = i + 2;
                while (end < lines.size() && trim(lines[end]) != "```") ++end;
                if (end == lines.size()) {
                    problem(page, i + 2, "the snippet's fence does not close");
                    continue;
                }
                const std::vector<std::string> shown(lines.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                                                     lines.begin() + static_cast<std::ptrdiff_t>(end));
                ++count;
                if (shown != code && !update) {
                    problem(page, i + 3,
                            "the snippet differs from " + m[1].str() + " [" + m[2].str() +
                                "]; run `markdown snippets ROOT --update` (target update_doc_snippets)");
                }
                if (readme) {
                    std::string all;
                    for (const auto& c : code) all += c + '\n';
                    const auto opens = std::count(all.begin(), all.end(), '{');
                    const auto closes = std::count(all.begin(), all.end(), '}');
                    if (all.find("int main(") == std::string::npos || opens != closes) {
                        problem(page, i + 1,
                                "a README snippet must be a whole program (int main, balanced braces)");
                    }
                }
                out.push_back("```cpp");
                out.insert(out.end(), code.begin(), code.end());
                out.push_back("```");
                i = end;
            } else {
                if (trim(line) == "```cpp" || trim(line) == "```c++") {
                    problem(
                        page, i + 1,
                        "a C++ block without a `<!-- snippet: FILE NAME -->` line above it (its code must "
                        "come from docs/examples, which the tests compile and run)");
                }
                out.push_back(line);
            }
        }
        if (update) {
            std::ofstream o(page);
            for (const auto& l : out) o << l << '\n';
        }
    }
    std::printf("snippets: %d, %s\n", count, update ? "updated" : "checked");
    return problems == 0 ? 0 : 1;
}

/// The .md files under root, outside build trees, hidden folders, node_modules
/// and folders named fixtures (the checks' own bad examples, tests/markdown).
std::vector<fs::path> markdown_files(const fs::path& root) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name.rfind("build", 0) == 0 || name.rfind('.', 0) == 0 ||
                                   name == "node_modules" || name == "fixtures")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".md") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// The parts of a line outside inline code (even pieces between backticks).
std::string outside_code_spans(const std::string& line) {
    std::string out;
    bool code = false;
    for (const char c : line) {
        if (c == '`') {
            code = !code;
            out += ' ';
        } else {
            out += code ? ' ' : c;
        }
    }
    return out;
}

/// Calls f(line number, text outside code) for every line of prose.
template <class F>
void each_prose_line(const fs::path& file, F&& f) {
    bool fenced = false;
    std::size_t n = 0;
    for (const auto& line : read_lines(file)) {
        ++n;
        if (looks_like_fence(line)) {
            fenced = !fenced;
            continue;
        }
        if (fenced || line.rfind("    ", 0) == 0) continue;
        f(n, outside_code_spans(line));
    }
}

int links(const fs::path& root) {
    static const std::regex link(R"(!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(\s+"[^"]*")?\s*\))");
    static const std::regex reference(R"(^\s*\[[^\]]+\]:\s*(\S+))");
    int checked = 0;
    const auto files = markdown_files(root);
    for (const auto& file : files) {
        const auto check = [&](std::size_t n, const std::string& target) {
            if (target.empty() || target[0] == '#' || target.find("://") != std::string::npos ||
                target.rfind("mailto:", 0) == 0) {
                return;
            }
            ++checked;
            const std::string path = target.substr(0, target.find('#'));
            if (!fs::exists(file.parent_path() / path)) {
                problem(file, n,
                        "broken link: " + target + " (no " + (file.parent_path() / path).string() + ")");
            }
        };
        each_prose_line(file, [&](std::size_t n, const std::string& text) {
            for (auto it = std::sregex_iterator(text.begin(), text.end(), link); it != std::sregex_iterator();
                 ++it)
                check(n, (*it)[1].str());
            std::smatch m;
            if (std::regex_search(text, m, reference)) check(n, m[1].str());
        });
    }
    std::printf("links: %d relative links in %zu files\n", checked, files.size());
    return problems == 0 ? 0 : 1;
}

int plain(const fs::path& root) {
    static const std::array<std::string, 9> commands{"@snippet", "@ref ",        "@subpage", "\\f$", "\\f[",
                                                     "\\f]",     "\\includedoc", "\\ref ",   "{#"};
    const auto files = markdown_files(root);
    for (const auto& file : files) {
        each_prose_line(file, [&](std::size_t n, const std::string& text) {
            for (const auto& c : commands) {
                if (text.find(c) != std::string::npos) {
                    problem(file, n,
                            "Doxygen command `" + trim(c) +
                                "` in a Markdown source (the repository page shows it raw; the docs "
                                "build's copy adds what Doxygen needs)");
                }
            }
        });
    }
    std::printf("plain: %zu files\n", files.size());
    return problems == 0 ? 0 : 1;
}

int render(const std::string& cmark, const std::vector<fs::path>& files) {
    static const std::regex block(R"re(<code_block sourcepos="(\d+):\d+-(\d+):\d+")re");
    static const std::regex heading(R"re(<heading sourcepos="(\d+):\d+-\d+:\d+")re");
    static const std::regex atx(R"(^#{1,6}( |$))");
    for (const auto& file : files) {
        const std::string command = cmark + " --sourcepos -t xml '" + file.string() + "'";
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
        if (!pipe) {
            problem(file, 0, "cannot run " + command);
            continue;
        }
        std::string xml;
        std::array<char, 4096> buffer{};
        for (std::size_t got; (got = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) > 0;)
            xml.append(buffer.data(), got);
        if (xml.find("<document") == std::string::npos) {
            problem(file, 0, "cmark gave no document (" + command + ")");
            continue;
        }
        const auto lines = read_lines(file);
        // Every fenced block cmark found ends on a closing fence.
        int blocks = 0;
        for (auto it = std::sregex_iterator(xml.begin(), xml.end(), block); it != std::sregex_iterator();
             ++it) {
            const std::size_t first = std::stoul((*it)[1].str()), last = std::stoul((*it)[2].str());
            ++blocks;
            if (first == 0 || first > lines.size() || !is_fence(lines[first - 1])) continue;  // indented code
            if (last == first || last > lines.size() || !is_fence(lines[last - 1])) {
                problem(file, first,
                        "this fence does not close under CommonMark: the code block runs to line " +
                            std::to_string(last) + " (a closing fence may be indented 3 spaces at most)");
            }
        }
        // Every heading the author wrote (outside what they meant as code) renders as one.
        std::set<std::size_t> rendered;
        for (auto it = std::sregex_iterator(xml.begin(), xml.end(), heading); it != std::sregex_iterator();
             ++it)
            rendered.insert(std::stoul((*it)[1].str()));
        bool fenced = false;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (looks_like_fence(lines[i])) {
                fenced = !fenced;
                continue;
            }
            if (!fenced && std::regex_search(lines[i], atx) && !rendered.count(i + 1)) {
                problem(file, i + 1, "`" + lines[i] + "` does not render as a heading (inside code?)");
            }
        }
        std::printf("render: %s: %d code blocks, %zu headings\n", file.string().c_str(), blocks,
                    rendered.size());
    }
    return problems == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 2 && args[0] == "snippets")
        return snippets(args[1], args.size() > 2 && args[2] == "--update");
    if (args.size() == 2 && args[0] == "links") return links(args[1]);
    if (args.size() == 2 && args[0] == "plain") return plain(args[1]);
    if (args.size() >= 3 && args[0] == "render") {
        return render(args[1], std::vector<fs::path>(args.begin() + 2, args.end()));
    }
    std::fprintf(stderr,
                 "usage: %s snippets ROOT [--update] | links ROOT | plain ROOT | render CMARK FILE...\n",
                 argc > 0 ? argv[0] : "markdown");
    return 2;
}
