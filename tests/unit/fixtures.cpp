#include "fixtures.hpp"

#include "eval/evaluator.hpp"
#include "load/submission_loader.hpp"

#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ntm::test {

const char* const k_levels_xml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<levels none-id="chua-dat" none-name="Chưa đạt chuẩn" none-name-en="Not yet recognised">
  <level id="ntm" rank="1" name="Đạt chuẩn nông thôn mới" name-en="New rural commune">
    <requires set="xa-ntm"/>
  </level>
  <level id="ntm-nang-cao" rank="2" name="Đạt chuẩn nông thôn mới nâng cao" name-en="Advanced new rural commune">
    <requires level="ntm"/>
    <requires set="xa-ntm-nang-cao"/>
  </level>
  <level id="ntm-kieu-mau" rank="3" name="Đạt chuẩn nông thôn mới kiểu mẫu" name-en="Model new rural commune">
    <requires level="ntm-nang-cao"/>
    <requires set="xa-ntm-kieu-mau"/>
  </level>
</levels>
)xml";

const char* const k_national_xml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rule-set id="xa-ntm@318-2022" ref="xa-ntm"
          name="Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025"
          name-en="National criteria for new-rural communes, 2021-2025"
          from-year="2022" to-year="2025">
  <legal-basis decision="318/QĐ-TTg" date="2022-03-08" issuer="Thủ tướng Chính phủ"
               verified="true" source="318/QĐ-TTg"/>
  <criterion id="1" group="Quy hoạch" name="Quy hoạch" name-en="Planning">
    <indicator code="1.1" type="bool" name="Có quy hoạch chung xây dựng xã được phê duyệt"
               name-en="Approved general commune plan">
      <target op="eq" value="dat" verified="true" source="318/QĐ-TTg Phụ lục I"/>
    </indicator>
  </criterion>
  <criterion id="10" group="Kinh tế và tổ chức sản xuất" name="Thu nhập" name-en="Income">
    <indicator code="10" type="number" unit="triệu đồng/người/năm" min="0" max="1000" unit-en="million VND/person/year"
               name="Thu nhập bình quân đầu người" name-en="Average income per person">
      <target op="ge" value="45" verified="false" source="318/QĐ-TTg Phụ lục I"/>
      <target op="ge" value="36" region="tdmnpb" verified="false" source="318/QĐ-TTg Phụ lục I"/>
      <target op="ge" value="48" region="dbscl" verified="false" source="318/QĐ-TTg Phụ lục I"/>
      <target op="ge" value="50" region="dbscl" year="2023" verified="false" source="318/QĐ-TTg Phụ lục I"/>
      <target op="ge" value="54" region="dbscl" year="2024" verified="false" source="318/QĐ-TTg Phụ lục I"
              note="recalled"/>
    </indicator>
  </criterion>
  <criterion id="11" group="Kinh tế và tổ chức sản xuất" name="Nghèo đa chiều" name-en="Multidimensional poverty">
    <indicator code="11" type="percent" name="Tỷ lệ nghèo đa chiều" name-en="Multidimensional poverty rate">
      <target op="le" value="4" verified="true" source="318/QĐ-TTg Phụ lục I"/>
      <target op="le" value="5" year="2022" verified="true" source="318/QĐ-TTg Phụ lục I"/>
      <target op="le" value="6" region="tdmnpb" verified="true" source="318/QĐ-TTg Phụ lục I"/>
      <target op="le" value="3" region="dbsh dnb" year="2024 2025" verified="true" source="318/QĐ-TTg Phụ lục I"/>
    </indicator>
  </criterion>
  <criterion id="13" group="Kinh tế và tổ chức sản xuất" name="Tổ chức sản xuất" name-en="Organisation of production">
    <indicator code="13.1" type="grade" name="Hợp tác xã hoạt động hiệu quả" name-en="Cooperative performance">
      <grade id="yeu" name="Yếu" name-en="Weak"/>
      <grade id="trung-binh" name="Trung bình" name-en="Average"/>
      <grade id="kha" name="Khá" name-en="Good"/>
      <grade id="tot" name="Tốt" name-en="Very good"/>
      <target op="ge" value="kha" verified="true" source="318/QĐ-TTg Phụ lục I"/>
    </indicator>
    <indicator code="13.2" type="bool" if-any="true" name="Có mô hình liên kết sản xuất (nếu có)"
               name-en="Production linkage model (if any)">
      <target op="eq" value="dat" verified="true" source="318/QĐ-TTg Phụ lục I"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

const char* const k_tra_vinh_xml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rule-set id="xa-ntm@tra-vinh-1306-2022" ref="xa-ntm"
          name="Bộ tiêu chí xã nông thôn mới tỉnh Trà Vinh" name-en="New-rural criteria of Trà Vinh"
          from-year="2022" to-year="2025" extends="xa-ntm@318-2022">
  <legal-basis decision="1306/QĐ-UBND" date="2022-07-13" verified="true" source="1306/QĐ-UBND"/>
  <applies-to province="Trà Vinh"/>
  <override indicator="10">
    <target op="ge" value="47" verified="false" source="1306/QĐ-UBND"/>
    <target op="ge" value="52" region="dbscl" year="2024" verified="false" source="1306/QĐ-UBND"/>
  </override>
</rule-set>
)xml";

const char* const k_advanced_xml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rule-set id="xa-ntm-nang-cao@318-2022" ref="xa-ntm-nang-cao"
          name="Bộ tiêu chí quốc gia về xã nông thôn mới nâng cao" name-en="National advanced criteria"
          from-year="2022" to-year="2025">
  <legal-basis decision="318/QĐ-TTg" date="2022-03-08" verified="true" source="318/QĐ-TTg"/>
  <criterion id="10" name="Thu nhập" name-en="Income">
    <indicator code="10" type="number" unit="triệu đồng/người/năm"
               name="Thu nhập bình quân đầu người" name-en="Average income per person">
      <target op="ge" value="60" verified="false" source="318/QĐ-TTg Phụ lục II"/>
      <target op="ge" value="66" region="dbscl" year="2024" verified="false" source="318/QĐ-TTg Phụ lục II"/>
    </indicator>
  </criterion>
  <criterion id="17" name="Môi trường" name-en="Environment">
    <indicator code="17.7" type="bool" name="Có mô hình phân loại chất thải rắn tại nguồn"
               name-en="Waste sorted at source">
      <target op="eq" value="dat" verified="true" source="318/QĐ-TTg Phụ lục II"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

const char* const k_model_xml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rule-set id="xa-ntm-kieu-mau@319-2022" ref="xa-ntm-kieu-mau"
          name="Quy định xã nông thôn mới kiểu mẫu" name-en="Model new-rural commune conditions"
          from-year="2022" to-year="2025">
  <legal-basis decision="319/QĐ-TTg" date="2022-03-08" verified="true" source="319/QĐ-TTg"/>
  <criterion id="1" name="Thu nhập" name-en="Income">
    <indicator code="1" type="number" unit="triệu đồng/người/năm" value-from="xa-ntm:10"
               name="Thu nhập bình quân đầu người" name-en="Average income per person">
      <target op="ge" factor="1.1" of="xa-ntm-nang-cao:10" verified="true" source="319/QĐ-TTg Điều 1"/>
    </indicator>
  </criterion>
  <criterion id="2" name="Thôn thông minh" name-en="Smart hamlet">
    <indicator code="2" type="bool" name="Có mô hình thôn thông minh" name-en="Smart hamlet model">
      <target op="eq" value="dat" verified="true" source="319/QĐ-TTg Điều 1"/>
    </indicator>
  </criterion>
</rule-set>
)xml";

std::vector<load::NamedText> rule_files()
{
  return {{"levels.xml", k_levels_xml},
          {"2021-2025/xa-ntm.xml", k_national_xml},
          {"2021-2025/tra-vinh/xa-ntm.xml", k_tra_vinh_xml},
          {"2021-2025/xa-ntm-nang-cao.xml", k_advanced_xml},
          {"2021-2025/xa-ntm-kieu-mau.xml", k_model_xml}};
}

std::vector<std::string> messages(const Diagnostics& errors)
{
  std::vector<std::string> out;
  for (const Diagnostic& error : errors) {
    out.push_back(error.str());
  }
  return out;
}

namespace {

std::string joined(const Diagnostics& errors)
{
  std::string out;
  for (const std::string& message : messages(errors)) {
    out += message + "\n";
  }
  return out;
}

} // namespace

const eval::RuleBase& rule_base()
{
  static const eval::RuleBase base = [] {
    auto loaded = eval::RuleBase::load(rule_files());
    if (!loaded.ok()) {
      throw std::runtime_error("fixture rule book does not load:\n" + joined(loaded.errors));
    }
    return std::move(*loaded.value);
  }();
  return base;
}

std::string value(const std::string& code, const std::string& value, const std::string& extra)
{
  return "<indicator code=\"" + code + "\" value=\"" + value + "\"" + (extra.empty() ? "" : " " + extra) +
         "/>";
}

std::string counts(const std::string& code, const std::string& numerator, const std::string& denominator)
{
  return "<indicator code=\"" + code + "\" numerator=\"" + numerator + "\" denominator=\"" + denominator +
         "\"/>";
}

SubmissionText& SubmissionText::set(const std::string& ref, std::vector<std::string> indicators)
{
  sets.emplace_back(ref, std::move(indicators));
  return *this;
}

std::string SubmissionText::str() const
{
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<submission year=\"" + year + "\" region=\"" + region + "\"" +
         (special_difficulty ? " special-difficulty=\"true\"" : "") + ">\n";
  out += "  <commune code=\"" + code + "\" name=\"Xã Thử Nghiệm\" district=\"Huyện Thử\" province=\"" +
         province + "\"/>\n";
  if (!claim.empty()) {
    out += "  <claim level=\"" + claim + "\"/>\n";
  }
  for (const auto& [ref, indicators] : sets) {
    out += "  <set ref=\"" + ref + "\">\n";
    for (const std::string& indicator : indicators) {
      out += "    " + indicator + "\n";
    }
    out += "  </set>\n";
  }
  out += "</submission>\n";
  return out;
}

std::vector<std::string> national_all_met()
{
  return {value("1.1", "dat"), value("10", "62.66"), value("11", "2.33"), value("13.1", "kha"),
          value("13.2", "dat")};
}

std::vector<std::string> advanced_all_met()
{
  return {value("10", "70"), value("17.7", "dat")};
}

model::Submission load_submission(const SubmissionText& text)
{
  auto loaded = load::load_submission({"commune.xml", text.str()}, rule_base().book());
  if (!loaded.ok()) {
    throw std::runtime_error("fixture submission does not load:\n" + joined(loaded.errors) + text.str());
  }
  return std::move(*loaded.value);
}

eval::Evaluation evaluate(const SubmissionText& text)
{
  const model::Submission submission = load_submission(text);
  return eval::Evaluator(rule_base()).evaluate(submission);
}

std::vector<std::string> finding_codes(const eval::Evaluation& evaluation)
{
  std::vector<std::string> codes;
  for (const eval::Finding& finding : evaluation.findings) {
    codes.push_back(finding.code);
  }
  return codes;
}

std::string in_child_process(const std::function<std::string()>& work)
{
  int pipe_ends[2];
  if (::pipe(pipe_ends) != 0) {
    throw std::runtime_error("cannot make a pipe");
  }
  const pid_t child = ::fork();
  if (child < 0) {
    throw std::runtime_error("cannot fork");
  }
  if (child == 0) {
    ::close(pipe_ends[0]);
    const std::string text = work();
    const bool written = ::write(pipe_ends[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::_exit(written ? 0 : 4);
  }
  ::close(pipe_ends[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_ends[0]);
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("the child process failed");
  }
  return text;
}

} // namespace ntm::test
