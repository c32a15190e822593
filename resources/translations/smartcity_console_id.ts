<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About smartcity-console</source>
        <translation>Tentang smartcity-console</translation>
    </message>
    <message>
        <source>Rembang Smart City command-center console</source>
        <translation>Console pusat komando Smart City Rembang</translation>
    </message>
    <message>
        <source>Save support bundle…</source>
        <translation>Simpan paket dukungan…</translation>
    </message>
    <message>
        <source>Running doctor and writing the support bundle…</source>
        <translation>Menjalankan doctor dan menulis paket dukungan…</translation>
    </message>
    <message>
        <source>Support bundle saved: {path}</source>
        <translation>Paket dukungan tersimpan: {path}</translation>
    </message>
    <message>
        <source>The support bundle could not be written: {error}</source>
        <translation>Paket dukungan tidak dapat ditulis: {error}</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>tidak berjalan</translation>
    </message>
</context>
<context>
    <name>AlarmIncident</name>
    <message>
        <source>Console {station} has had no link to the MQTT broker since {when}{detail}. During the outage and a grace period after it, stale-feed alarms are suppressed (ISA-18.2); this incident&apos;s alarm clears itself when the link is back.</source>
        <translation>Konsol {station} tidak terhubung ke broker MQTT sejak {when}{detail}. Selama gangguan dan masa tenggang sesudahnya, alarm data basi ditahan (ISA-18.2); alarm insiden ini padam sendiri saat koneksi kembali.</translation>
    </message>
    <message>
        <source>Alarm {rule} on {series} since {when} (value {value}).</source>
        <translation>Alarm {rule} pada {series} sejak {when} (nilai {value}).</translation>
    </message>
</context>
<context>
    <name>Assignees</name>
    <message>
        <source>You are signed in offline: sign in again while the sync server can be reached to fetch the list of users.</source>
        <translation>Anda masuk secara luring: masuk lagi saat server sinkronisasi dapat dihubungi untuk mengambil daftar pengguna.</translation>
    </message>
    <message>
        <source>The sync server at {base} cannot be reached ({error}).</source>
        <translation>Server sinkronisasi di {base} tidak dapat dihubungi ({error}).</translation>
    </message>
    <message>
        <source>The sync server no longer accepts your sign-in: sign in again to fetch the list of users.</source>
        <translation>Server sinkronisasi tidak lagi menerima sesi Anda: masuk lagi untuk mengambil daftar pengguna.</translation>
    </message>
    <message>
        <source>The sync server says your role may not assign incidents.</source>
        <translation>Server sinkronisasi menyatakan peran Anda tidak boleh menugaskan insiden.</translation>
    </message>
    <message>
        <source>The sync server did not give the list of users ({status_code}).</source>
        <translation>Server sinkronisasi tidak memberikan daftar pengguna ({status_code}).</translation>
    </message>
</context>
<context>
    <name>BrokerError</name>
    <message>
        <source>the broker refused the user name or password</source>
        <translation>broker menolak nama pengguna atau kata sandi</translation>
    </message>
    <message>
        <source>the secure connection (TLS) to the broker failed</source>
        <translation>koneksi aman (TLS) ke broker gagal</translation>
    </message>
    <message>
        <source>the broker refused the connection</source>
        <translation>broker menolak koneksi</translation>
    </message>
    <message>
        <source>the broker's address was not found</source>
        <translation>alamat broker tidak ditemukan</translation>
    </message>
    <message>
        <source>the network to the broker cannot be reached</source>
        <translation>jaringan ke broker tidak terjangkau</translation>
    </message>
    <message>
        <source>the broker did not answer in time</source>
        <translation>broker tidak menjawab tepat waktu</translation>
    </message>
    <message>
        <source>the connection to the broker was lost</source>
        <translation>koneksi ke broker terputus</translation>
    </message>
    <message>
        <source>the console's MQTT process stopped unexpectedly</source>
        <translation>proses MQTT konsol berhenti tiba-tiba</translation>
    </message>
    <message>
        <source>the connection to the broker failed</source>
        <translation>koneksi ke broker gagal</translation>
    </message>
</context>
<context>
    <name>BrokerPassword</name>
    <message>
        <source>Broker password</source>
        <translation>Kata sandi broker</translation>
    </message>
    <message>
        <source>The broker at {url} wants the password of {user}. This workstation keeps no passwords (no keyring), so it is asked at each start and never written down.</source>
        <translation>Broker di {url} meminta kata sandi {user}. Workstation ini tidak menyimpan kata sandi (tidak ada keyring), jadi kata sandi ditanyakan setiap kali dijalankan dan tidak pernah dicatat.</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>{topic} mapped and saved in {path}; its readings come with its next message.</source>
        <translation>{topic} dipetakan dan disimpan di {path}; pembacaannya datang bersama pesan berikutnya.</translation>
    </message>
    <message>
        <source>Could not save the language in {}: {}</source>
        <translation>Bahasa tidak dapat disimpan di {}: {}</translation>
    </message>
    <message>
        <source>This data folder is a copy of {}: this console now has its own MQTT client id, {}. Readings queued at the broker for the original stay with the original.</source>
        <translation>Folder data ini adalah salinan dari {}: konsol ini sekarang memakai ID klien MQTT sendiri, {}. Data yang diantrekan broker untuk konsol asal tetap menjadi milik konsol asal.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>An error occurred</source>
        <translation>Terjadi kesalahan</translation>
    </message>
    <message>
        <source>Something went wrong inside the console. It keeps running; the error has been written to the log file:</source>
        <translation>Ada yang salah di dalam console. Console tetap berjalan; kesalahan sudah dicatat di berkas log:</translation>
    </message>
    <message>
        <source>Something went wrong inside the console. It keeps running; the error could not be written to a log file.</source>
        <translation>Ada yang salah di dalam console. Console tetap berjalan; kesalahan tidak dapat dicatat ke berkas log.</translation>
    </message>
    <message>
        <source>If it happens again, save a support bundle (Help &gt; About) and send it to your administrator.</source>
        <translation>Jika terulang, simpan paket dukungan (Bantuan &gt; Tentang) dan kirimkan ke administrator Anda.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Salin rincian</translation>
    </message>
    <message>
        <source>{n} more error(s) since this one; all are in the log.</source>
        <translation>{n} kesalahan lain sejak ini; semuanya ada di log.</translation>
    </message>
</context>
<context>
    <name>DashboardTabs</name>
    <message>
        <source>Layout not saved: %1</source>
        <translation>Tata letak tidak tersimpan: %1</translation>
    </message>
    <message>
        <source>Layout saved: %1</source>
        <translation>Tata letak tersimpan: %1</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>5 min</source>
        <translation>5 mnt</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 jam</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Mundur</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Jeda</translation>
    </message>
    <message>
        <source>Forward ▶</source>
        <translation>Maju ▶</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● Langsung</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Tata letak</translation>
    </message>
    <message>
        <source>Paused at %1 WIB</source>
        <translation>Dijeda pada %1 WIB</translation>
    </message>
    <message>
        <source>Showing live data</source>
        <translation>Menampilkan data langsung</translation>
    </message>
    <message>
        <source>⚠ Data delayed: %1 messages waiting</source>
        <translation>⚠ Data tertunda: %1 pesan menunggu</translation>
    </message>
    <message>
        <source>⚠ Data delayed: %1 messages waiting, the broker holds the rest</source>
        <translation>⚠ Data tertunda: %1 pesan menunggu, sisanya ditahan broker</translation>
    </message>
    <message>
        <source>Add plot</source>
        <translation>Tambah grafik</translation>
    </message>
    <message>
        <source>Add value tile</source>
        <translation>Tambah ubin nilai</translation>
    </message>
    <message>
        <source>Add station grid</source>
        <translation>Tambah kisi stasiun</translation>
    </message>
    <message>
        <source>Add a column</source>
        <translation>Tambah kolom</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Tambah baris</translation>
    </message>
    <message>
        <source>Remove the last column</source>
        <translation>Hapus kolom terakhir</translation>
    </message>
    <message>
        <source>Remove the last row</source>
        <translation>Hapus baris terakhir</translation>
    </message>
    <message>
        <source>Arrange panels by dragging</source>
        <translation>Atur panel dengan menyeret</translation>
    </message>
    <message>
        <source>Drag a panel to move it, its corner to resize it; Esc when done</source>
        <translation>Seret panel untuk memindahkannya, sudutnya untuk mengubah ukurannya; Esc bila selesai</translation>
    </message>
    <message>
        <source>Add map</source>
        <translation>Tambah peta</translation>
    </message>
    <message>
        <source>Export layout…</source>
        <translation>Ekspor tata letak…</translation>
    </message>
    <message>
        <source>Import layout…</source>
        <translation>Impor tata letak…</translation>
    </message>
    <message>
        <source>Reset to the default layout</source>
        <translation>Kembalikan ke tata letak bawaan</translation>
    </message>
    <message>
        <source>Series…</source>
        <translation>Seri…</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>Rentang waktu</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Pindahkan</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Kiri</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Kanan</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Atas</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Bawah</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Wider</source>
        <translation>Lebih lebar</translation>
    </message>
    <message>
        <source>Narrower</source>
        <translation>Lebih sempit</translation>
    </message>
    <message>
        <source>Taller</source>
        <translation>Lebih tinggi</translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation>Lebih pendek</translation>
    </message>
    <message>
        <source>Export image (PNG)…</source>
        <translation>Ekspor gambar (PNG)…</translation>
    </message>
    <message>
        <source>Export data (CSV)…</source>
        <translation>Ekspor data (CSV)…</translation>
    </message>
    <message>
        <source>Remove panel</source>
        <translation>Hapus panel</translation>
    </message>
    <message>
        <source>Layout exported to %1</source>
        <translation>Tata letak diekspor ke %1</translation>
    </message>
    <message>
        <source>Layout not imported</source>
        <translation>Tata letak tidak diimpor</translation>
    </message>
    <message>
        <source>The dashboard was left as it was.</source>
        <translation>Dasbor dibiarkan seperti semula.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Gambar PNG (*.png)</translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation>Ekspor panel</translation>
    </message>
    <message>
        <source>Export layout</source>
        <translation>Ekspor tata letak</translation>
    </message>
    <message>
        <source>Layouts (*.json)</source>
        <translation>Tata letak (*.json)</translation>
    </message>
    <message>
        <source>Import layout</source>
        <translation>Impor tata letak</translation>
    </message>
</context>
<context>
    <name>Dashboards</name>
    <message>
        <source>Overview</source>
        <translation>Ikhtisar</translation>
    </message>
</context>
<context>
    <name>Doctor</name>
    <message>
        <source>annunciation sound is off ([annunciation])</source>
        <translation>bunyi peringatan insiden dimatikan ([annunciation])</translation>
    </message>
    <message>
        <source>the system's audio output (not checked)</source>
        <translation>keluaran audio sistem (tidak diperiksa)</translation>
    </message>
    <message>
        <source>Install and start a sound server for the user who runs the console (PulseAudio, or PipeWire with pipewire-pulse; Debian: apt install pipewire-pulse). Until then new incidents are shown but not heard.</source>
        <translation>Pasang dan jalankan server suara untuk pengguna yang menjalankan konsol (PulseAudio, atau PipeWire dengan pipewire-pulse; Debian: apt install pipewire-pulse). Sampai saat itu insiden baru tampil tetapi tidak terdengar.</translation>
    </message>
    <message>
        <source>no audio output: libpulse is not installed, incidents will not sound</source>
        <translation>tidak ada keluaran audio: libpulse tidak terpasang, insiden tidak akan berbunyi</translation>
    </message>
    <message>
        <source>no audio output: no sound server answers at {path}</source>
        <translation>tidak ada keluaran audio: tidak ada server suara yang menjawab di {path}</translation>
    </message>
    <message>
        <source>no audio output: no sound server for this user ($XDG_RUNTIME_DIR unset)</source>
        <translation>tidak ada keluaran audio: tidak ada server suara untuk pengguna ini ($XDG_RUNTIME_DIR tidak diatur)</translation>
    </message>
    <message>
        <source>sound server found; incidents sound on the default output</source>
        <translation>server suara ditemukan; insiden berbunyi di keluaran bawaan</translation>
    </message>
    <message>
        <source>sound server found; incidents sound on {device}</source>
        <translation>server suara ditemukan; insiden berbunyi di {device}</translation>
    </message>
    <message>
        <source>the name {host!r} does not resolve: {exc}</source>
        <translation>nama {host!r} tidak dapat di-resolve: {exc}</translation>
    </message>
    <message>
        <source>Check the host name in [broker] url, or this workstation&apos;s DNS settings.</source>
        <translation>Periksa nama host di [broker] url, atau pengaturan DNS workstation ini.</translation>
    </message>
    <message>
        <source>{host} resolves to {addresses}</source>
        <translation>{host} ter-resolve ke {addresses}</translation>
    </message>
    <message>
        <source>nothing answers at {where}: {reason}</source>
        <translation>tidak ada jawaban di {where}: {reason}</translation>
    </message>
    <message>
        <source>Start the broker, or correct the port in [broker] url; check firewalls between this workstation and the broker.</source>
        <translation>Jalankan broker, atau perbaiki port di [broker] url; periksa firewall antara workstation ini dan broker.</translation>
    </message>
    <message>
        <source>{where} accepts connections</source>
        <translation>{where} menerima koneksi</translation>
    </message>
    <message>
        <source>cannot use the TLS files ({files}): {exc}</source>
        <translation>berkas TLS tidak dapat dipakai ({files}): {exc}</translation>
    </message>
    <message>
        <source>Check that each file exists, is readable by this user and is a PEM certificate (or key) — the CA from the broker&apos;s administrator, this console&apos;s certificate and its matching key.</source>
        <translation>Pastikan setiap berkas ada, dapat dibaca pengguna ini dan berformat PEM — CA dari administrator broker, sertifikat console ini dan kuncinya yang cocok.</translation>
    </message>
    <message>
        <source>the broker&apos;s certificate has expired ({message})</source>
        <translation>sertifikat broker sudah kedaluwarsa ({message})</translation>
    </message>
    <message>
        <source>Ask the broker&apos;s administrator to renew its certificate; check this workstation&apos;s date and time too.</source>
        <translation>Minta administrator broker memperbarui sertifikatnya; periksa juga tanggal dan jam workstation ini.</translation>
    </message>
    <message>
        <source>the broker&apos;s certificate is not valid yet ({message})</source>
        <translation>sertifikat broker belum berlaku ({message})</translation>
    </message>
    <message>
        <source>Check this workstation&apos;s date and time (and its time zone).</source>
        <translation>Periksa tanggal dan jam workstation ini (dan zona waktunya).</translation>
    </message>
    <message>
        <source>the broker&apos;s certificate is not made out to {host!r} ({message})</source>
        <translation>sertifikat broker tidak dibuat untuk {host!r} ({message})</translation>
    </message>
    <message>
        <source>Use in [broker] url the host name written in the broker&apos;s certificate, or ask its administrator for a certificate that names this address.</source>
        <translation>Gunakan di [broker] url nama host yang tertulis di sertifikat broker, atau minta administratornya sertifikat yang memuat alamat ini.</translation>
    </message>
    <message>
        <source>the broker&apos;s certificate is not trusted ({message})</source>
        <translation>sertifikat broker tidak dipercaya ({message})</translation>
    </message>
    <message>
        <source>Set [broker] ca_file to the CA certificate that signed the broker&apos;s certificate (ask the broker&apos;s administrator for it).</source>
        <translation>Isi [broker] ca_file dengan sertifikat CA yang menandatangani sertifikat broker (minta ke administrator broker).</translation>
    </message>
    <message>
        <source>the broker wants a client certificate and got none ({text})</source>
        <translation>broker meminta sertifikat klien dan tidak menerimanya ({text})</translation>
    </message>
    <message>
        <source>Set [broker] cert_file and key_file to this console&apos;s certificate and key.</source>
        <translation>Isi [broker] cert_file dan key_file dengan sertifikat dan kunci console ini.</translation>
    </message>
    <message>
        <source>the broker refused this console&apos;s certificate ({text})</source>
        <translation>broker menolak sertifikat console ini ({text})</translation>
    </message>
    <message>
        <source>Ask the broker&apos;s administrator for a client certificate signed by the CA the broker trusts, and set [broker] cert_file and key_file to it.</source>
        <translation>Minta administrator broker sertifikat klien yang ditandatangani CA yang dipercaya broker, lalu isi [broker] cert_file dan key_file.</translation>
    </message>
    <message>
        <source>no TLS conversation with {host}:{port}: {text}</source>
        <translation>tidak ada percakapan TLS dengan {host}:{port}: {text}</translation>
    </message>
    <message>
        <source>Check the port in [broker] url is the broker&apos;s TLS port (often 8883); for a broker without TLS use mqtt:// and no ca_file.</source>
        <translation>Pastikan port di [broker] url adalah port TLS broker (biasanya 8883); untuk broker tanpa TLS gunakan mqtt:// tanpa ca_file.</translation>
    </message>
    <message>
        <source>{version} with {where}</source>
        <translation>{version} dengan {where}</translation>
    </message>
    <message>
        <source>{version} with {where} works, but the certificate ({subject}) expires on {when}, in {days:.1f} days</source>
        <translation>{version} dengan {where} berjalan, tetapi sertifikat ({subject}) kedaluwarsa pada {when}, {days:.1f} hari lagi</translation>
    </message>
    <message>
        <source>Ask the broker&apos;s administrator to renew the certificate before it expires.</source>
        <translation>Minta administrator broker memperbarui sertifikat sebelum kedaluwarsa.</translation>
    </message>
    <message>
        <source>{version} with {where}; certificate {subject} valid until {when}</source>
        <translation>{version} dengan {where}; sertifikat {subject} berlaku sampai {when}</translation>
    </message>
    <message>
        <source>the broker refused a login without a user name ({reason})</source>
        <translation>broker menolak login tanpa nama pengguna ({reason})</translation>
    </message>
    <message>
        <source>Set [broker] username, and the password with the setup dialog (it goes to the keyring), or ask the administrator for an account.</source>
        <translation>Isi [broker] username, dan kata sandinya lewat dialog penyiapan (disimpan di keyring), atau minta akun ke administrator.</translation>
    </message>
    <message>
        <source>the broker refused user {username!r} ({reason})</source>
        <translation>broker menolak pengguna {username!r} ({reason})</translation>
    </message>
    <message>
        <source>Check [broker] username and its password (kept in the keyring; run the setup dialog again to change it) with the broker&apos;s administrator.</source>
        <translation>Periksa [broker] username dan kata sandinya (disimpan di keyring; jalankan lagi dialog penyiapan untuk mengubahnya) dengan administrator broker.</translation>
    </message>
    <message>
        <source>MQTT login failed: {reason}</source>
        <translation>login MQTT gagal: {reason}</translation>
    </message>
    <message>
        <source>Check [broker] url, protocol and the TLS files; the broker&apos;s log says more.</source>
        <translation>Periksa [broker] url, protocol dan berkas TLS; log broker menjelaskan lebih lanjut.</translation>
    </message>
    <message>
        <source>logged in to {where} as {who}</source>
        <translation>login ke {where} sebagai {who}</translation>
    </message>
    <message>
        <source>no [[feeds]] in the config: nothing to subscribe to</source>
        <translation>tidak ada [[feeds]] di konfigurasi: tidak ada yang di-subscribe</translation>
    </message>
    <message>
        <source>subscribing failed: {reason}</source>
        <translation>subscribe gagal: {reason}</translation>
    </message>
    <message>
        <source>The broker closed the connection on subscribe; its log says why (often an ACL that refuses the topic).</source>
        <translation>Broker menutup koneksi saat subscribe; lognya menjelaskan (sering karena ACL menolak topik).</translation>
    </message>
    <message>
        <source>the broker does not let this login read {names} (SUBACK failure)</source>
        <translation>broker tidak mengizinkan login ini membaca {names} (SUBACK gagal)</translation>
    </message>
    <message>
        <source>Ask the broker&apos;s administrator to allow this user to read those topics (Mosquitto: a &apos;topic read ...&apos; line in its acl_file), or correct the [[feeds]] topic.</source>
        <translation>Minta administrator broker mengizinkan pengguna ini membaca topik itu (Mosquitto: baris &apos;topic read ...&apos; di acl_file), atau perbaiki topic di [[feeds]].</translation>
    </message>
    <message>
        <source>allowed to subscribe to {topics} feed filter(s): {filters}</source>
        <translation>boleh subscribe ke {topics} filter feed: {filters}</translation>
    </message>
    <message>
        <source>not measured (--queue-probe 0)</source>
        <translation>tidak diukur (--queue-probe 0)</translation>
    </message>
    <message>
        <source>could not measure the queue of {where} ({why}); allow this login to publish and subscribe to {PROBE_TOPIC_ROOT}/# to let doctor check it</source>
        <translation>antrean {where} tidak dapat diukur ({why}); izinkan login ini publish dan subscribe ke {PROBE_TOPIC_ROOT}/# agar doctor dapat memeriksanya</translation>
    </message>
    <message>
        <source>{where} kept only {kept:,} of {published:,} QoS 1 messages for a console that is away, and dropped the rest without a word to the console: its queue per client holds about {kept:,} (Mosquitto&apos;s and EMQX&apos;s default is 1,000). A console restarting, or a burst, loses readings there.</source>
        <translation>{where} hanya menyimpan {kept:,} dari {published:,} pesan QoS 1 untuk konsol yang sedang tidak terhubung dan membuang sisanya tanpa memberi tahu konsol: antrean per klien sekitar {kept:,} (bawaan Mosquitto dan EMQX 1.000). Konsol yang dijalankan ulang, atau lonjakan data, kehilangan pembacaan di sana.</translation>
    </message>
    <message>
        <source>Put this line in mosquitto.conf and restart Mosquitto: {line} (EMQX: mqtt.max_mqueue_len = {recommended}). docs/configuration.md says where the number comes from and lists the other settings.</source>
        <translation>Tambahkan baris ini ke mosquitto.conf lalu jalankan ulang Mosquitto: {line} (EMQX: mqtt.max_mqueue_len = {recommended}). docs/configuration.md menjelaskan asal angka itu dan pengaturan lainnya.</translation>
    </message>
    <message>
        <source>; doctor --queue-probe {recommended} checks the recommended {count:,}</source>
        <translation>; doctor --queue-probe {recommended} memeriksa {count:,} yang disarankan</translation>
    </message>
    <message>
        <source>{where} kept all {published:,} QoS 1 messages for an absent console: its queue per client holds at least that many{more}</source>
        <translation>{where} menyimpan semua {published:,} pesan QoS 1 untuk konsol yang tidak terhubung: antrean per klien paling sedikit sebanyak itu{more}</translation>
    </message>
    <message>
        <source>cannot write to {directory}: {reason}</source>
        <translation>tidak dapat menulis ke {directory}: {reason}</translation>
    </message>
    <message>
        <source>Give this Windows/Linux user write access to that folder (it holds the incident database), or point [incidents] database elsewhere.</source>
        <translation>Beri pengguna ini hak tulis ke folder itu (berisi database insiden), atau arahkan [incidents] database ke tempat lain.</translation>
    </message>
    <message>
        <source>{directory} is writable</source>
        <translation>{directory} dapat ditulis</translation>
    </message>
    <message>
        <source>cannot measure: {exc}</source>
        <translation>tidak dapat diukur: {exc}</translation>
    </message>
    <message>
        <source>{free_mb} MB free on the disk of {directory}</source>
        <translation>{free_mb} MB kosong di disk {directory}</translation>
    </message>
    <message>
        <source>Free disk space (old logs, downloads) or move the data folder to a larger disk.</source>
        <translation>Kosongkan ruang disk (log lama, unduhan) atau pindahkan folder data ke disk lebih besar.</translation>
    </message>
    <message>
        <source>{path} does not exist yet; the console creates it at its first start</source>
        <translation>{path} belum ada; console membuatnya saat pertama kali berjalan</translation>
    </message>
    <message>
        <source>{path} is damaged: {problems}</source>
        <translation>{path} rusak: {problems}</translation>
    </message>
    <message>
        <source>{path}: integrity ok</source>
        <translation>{path}: integritas baik</translation>
    </message>
    <message>
        <source>Close the console, move {name} aside (keep it for the administrator) and start again: unsynced incidents are lost, synced ones come back from the server. A {name}.bak-* copy next to it holds the state before the last upgrade.</source>
        <translation>Tutup console, pindahkan {name} (simpan untuk administrator) lalu jalankan lagi: insiden yang belum tersinkron hilang, yang sudah tersinkron kembali dari server. Salinan {name}.bak-* di sebelahnya berisi keadaan sebelum upgrade terakhir.</translation>
    </message>
    <message>
        <source>cannot read {path}: {exc}</source>
        <translation>tidak dapat membaca {path}: {exc}</translation>
    </message>
    <message>
        <source>not checked: the database cannot be read</source>
        <translation>tidak diperiksa: database tidak terbaca</translation>
    </message>
    <message>
        <source>{path} is not a console database (tables {tables})</source>
        <translation>{path} bukan database console (tabel {tables})</translation>
    </message>
    <message>
        <source>Point [incidents] database at another file, or move this one away.</source>
        <translation>Arahkan [incidents] database ke berkas lain, atau pindahkan berkas ini.</translation>
    </message>
    <message>
        <source>empty database; set up at start</source>
        <translation>database kosong; disiapkan saat mulai</translation>
    </message>
    <message>
        <source>schema at {head} (current)</source>
        <translation>skema di {head} (terbaru)</translation>
    </message>
    <message>
        <source>schema {current} was written by a newer console than this one (knows up to {head})</source>
        <translation>skema {current} ditulis oleh console yang lebih baru (versi ini sampai {head})</translation>
    </message>
    <message>
        <source>Install the newer console version again (downgrades are not supported).</source>
        <translation>Pasang lagi versi console yang lebih baru (downgrade tidak didukung).</translation>
    </message>
    <message>
        <source>schema {current} is older than this version&apos;s {head}</source>
        <translation>skema {current} lebih lama dari {head} versi ini</translation>
    </message>
    <message>
        <source>Nothing to do: the console upgrades it at its next start, after making a copy ({name}.bak-{current}).</source>
        <translation>Tidak perlu tindakan: console meng-upgrade-nya saat mulai berikutnya, setelah membuat salinan ({name}.bak-{current}).</translation>
    </message>
    <message>
        <source>keyring works ({backend})</source>
        <translation>keyring berfungsi ({backend})</translation>
    </message>
    <message>
        <source>no usable keyring ({backend}): sign-in tokens stay in memory and are asked for at each start</source>
        <translation>tidak ada keyring yang dapat dipakai ({backend}): token login hanya di memori dan diminta lagi setiap mulai</translation>
    </message>
    <message>
        <source>The broker password is meant to be in the keyring: log in to a desktop session with a keyring (Windows Credential Manager, GNOME Keyring, KWallet) or use a client certificate instead of a password.</source>
        <translation>Kata sandi broker seharusnya di keyring: masuk ke sesi desktop yang punya keyring (Windows Credential Manager, GNOME Keyring, KWallet) atau gunakan sertifikat klien sebagai ganti kata sandi.</translation>
    </message>
    <message>
        <source>Fine for a kiosk; for sign-in that survives a restart use a desktop session with a keyring.</source>
        <translation>Tidak masalah untuk kiosk; agar login bertahan setelah restart gunakan sesi desktop dengan keyring.</translation>
    </message>
    <message>
        <source>not checked: {after} failed first</source>
        <translation>tidak diperiksa: {after} gagal lebih dulu</translation>
    </message>
    <message>
        <source>Fix the key named above (docs/configuration.md lists every key) and run doctor again.</source>
        <translation>Perbaiki kunci yang disebut di atas (docs/configuration.md memuat semua kunci) lalu jalankan doctor lagi.</translation>
    </message>
    <message>
        <source>{source} still has {count} [[plots]] tables: they are retired, the overview is a layout file now (the console copies them into this workstation&apos;s overview layout once, and does not change the config)</source>
        <translation>{source} masih berisi {count} tabel [[plots]]: tabel itu sudah tidak dipakai, ikhtisar kini berupa berkas tata letak (konsol menyalinnya sekali ke tata letak ikhtisar workstation ini, tanpa mengubah konfigurasi)</translation>
    </message>
    <message>
        <source>Remove the [[plots]] tables from the config; change the overview in the console (or its layout file, docs/dashboards.md).</source>
        <translation>Hapus tabel [[plots]] dari konfigurasi; ubah ikhtisar di konsol (atau di berkas tata letaknya, docs/dashboards.md).</translation>
    </message>
    <message>
        <source>this workstation has no config file ({own}); using the bundled default {source} (broker and server on this machine)</source>
        <translation>workstation ini belum punya berkas konfigurasi ({own}); memakai bawaan {source} (broker dan server di mesin ini)</translation>
    </message>
    <message>
        <source>Start smartcity-console once to fill in the setup dialog, or copy the default file to {own} and edit it.</source>
        <translation>Jalankan smartcity-console sekali untuk mengisi dialog penyiapan, atau salin berkas bawaan ke {own} lalu ubah.</translation>
    </message>
    <message>
        <source>{source} is valid ({feeds} feeds)</source>
        <translation>{source} valid ({feeds} feed)</translation>
    </message>
    <message>
        <source>[server] ca_file {ca_file} cannot be used: {exc}</source>
        <translation>[server] ca_file {ca_file} tidak dapat dipakai: {exc}</translation>
    </message>
    <message>
        <source>Point [server] ca_file at the CA certificate (PEM) of the sync server.</source>
        <translation>Arahkan [server] ca_file ke sertifikat CA (PEM) server sinkronisasi.</translation>
    </message>
    <message>
        <source>session = &quot;clean&quot;: the broker keeps nothing for this console while it is away</source>
        <translation>session = &quot;clean&quot;: broker tidak menyimpan apa pun untuk konsol ini saat tidak terhubung</translation>
    </message>
    <message>
        <source>Remove session = &quot;clean&quot; from [broker] unless this console need not catch up after a restart (docs/configuration.md).</source>
        <translation>Hapus session = &quot;clean&quot; dari [broker] kecuali konsol ini memang tidak perlu mengejar data setelah dijalankan ulang (docs/configuration.md).</translation>
    </message>
    <message>
        <source>{client_id} (set in the config file), persistent session</source>
        <translation>{client_id} (ditetapkan di berkas konfigurasi), sesi persisten</translation>
    </message>
    <message>
        <source>none yet: the console makes one at its first start and keeps it in {path}</source>
        <translation>belum ada: konsol membuatnya saat pertama dijalankan dan menyimpannya di {path}</translation>
    </message>
    <message>
        <source>{path} holds {client_id}, made in {made_where}: this data folder is a copy; the console takes a new id at its next start</source>
        <translation>{path} berisi {client_id}, dibuat di {made_where}: folder data ini salinan; konsol memakai ID baru saat dijalankan berikutnya</translation>
    </message>
    <message>
        <source>Nothing to do if this is meant to be a new workstation; the original keeps its own id and session.</source>
        <translation>Tidak perlu tindakan bila ini memang workstation baru; konsol asal tetap memakai ID dan sesinya sendiri.</translation>
    </message>
    <message>
        <source>{client_id}, persistent session (kept in {path})</source>
        <translation>{client_id}, sesi persisten (disimpan di {path})</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>WARN</source>
        <translation>AWAS</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>GAGAL</translation>
    </message>
    <message>
        <source>SKIP</source>
        <translation>LEWAT</translation>
    </message>
    <message>
        <source>config</source>
        <translation>konfigurasi</translation>
    </message>
    <message>
        <source>what to do</source>
        <translation>yang perlu dilakukan</translation>
    </message>
    <message>
        <source>{failed} check(s) failed</source>
        <translation>{failed} pemeriksaan gagal</translation>
    </message>
    <message>
        <source>all checks passed</source>
        <translation>semua pemeriksaan lulus</translation>
    </message>
    <message>
        <source>{summary} ({warned} warning(s))</source>
        <translation>{summary} ({warned} peringatan)</translation>
    </message>
    <message>
        <source>{url} is plain HTTP to another machine: passwords and sign-in tokens cross the network unencrypted (allowed by allow_plain_http)</source>
        <translation>{url} adalah HTTP biasa ke mesin lain: kata sandi dan token login melewati jaringan tanpa enkripsi (diizinkan oleh allow_plain_http)</translation>
    </message>
    <message>
        <source>Serve the sync server over HTTPS (serve --certfile/--keyfile, or a reverse proxy; docs/sync.md) and change [server] url to https://.</source>
        <translation>Jalankan server sinkronisasi dengan HTTPS (serve --certfile/--keyfile, atau reverse proxy; docs/sync.md) dan ubah [server] url menjadi https://.</translation>
    </message>
    <message>
        <source>{base!r} is not a usable address: {exc}</source>
        <translation>{base!r} bukan alamat yang valid: {exc}</translation>
    </message>
    <message>
        <source>Correct [server] url (like http://host:8765).</source>
        <translation>Perbaiki [server] url (mis. http://host:8765).</translation>
    </message>
    <message>
        <source>{url} answered with a certificate this workstation does not trust: {exc}</source>
        <translation>{url} menjawab dengan sertifikat yang tidak dipercaya workstation ini: {exc}</translation>
    </message>
    <message>
        <source>Set [server] ca_file to the CA certificate (PEM) that signed the server&apos;s certificate, and check that the certificate names the host in [server] url.</source>
        <translation>Isi [server] ca_file dengan sertifikat CA (PEM) yang menandatangani sertifikat server, dan periksa bahwa sertifikat itu menyebut host di [server] url.</translation>
    </message>
    <message>
        <source>no answer from {url}: {exc}</source>
        <translation>tidak ada jawaban dari {url}: {exc}</translation>
    </message>
    <message>
        <source>Start the sync server (smartcity-console serve) or correct [server] url; check firewalls. The console keeps working offline meanwhile.</source>
        <translation>Jalankan server sinkronisasi (smartcity-console serve) atau perbaiki [server] url; periksa firewall. Console tetap bekerja offline sementara itu.</translation>
    </message>
    <message>
        <source>the sync server refuses the name this workstation uses for it ({host}): {detail}</source>
        <translation>server sinkronisasi menolak nama yang dipakai workstation ini ({host}): {detail}</translation>
    </message>
    <message>
        <source>Ask the administrator to add that name or address to allowed_hosts in the server&apos;s settings (docs/sync.md), or use a name the server answers to.</source>
        <translation>Minta administrator menambahkan nama atau alamat itu ke allowed_hosts di pengaturan server (docs/sync.md), atau pakai nama yang dijawab server.</translation>
    </message>
    <message>
        <source>{url} answered {status_code} but not as a sync server</source>
        <translation>{url} menjawab {status_code} tetapi bukan sebagai server sinkronisasi</translation>
    </message>
    <message>
        <source>[server] url points at something else (another web server, the broker&apos;s port, a proxy page): use the address of smartcity-console serve.</source>
        <translation>[server] url menunjuk ke hal lain (server web lain, port broker, halaman proxy): gunakan alamat smartcity-console serve.</translation>
    </message>
    <message>
        <source>the server is up but unwell: {body} (HTTP {status_code})</source>
        <translation>server berjalan tetapi bermasalah: {body} (HTTP {status_code})</translation>
    </message>
    <message>
        <source>Ask the administrator to check the server&apos;s database (PostgreSQL running, reachable from the server, disk not full).</source>
        <translation>Minta administrator memeriksa database server (PostgreSQL berjalan, dapat dijangkau server, disk tidak penuh).</translation>
    </message>
    <message>
        <source>{base} is up (version {version}, database {database})</source>
        <translation>{base} berjalan (versi {version}, database {database})</translation>
    </message>
    <message>
        <source>the server sent no Date header</source>
        <translation>server tidak mengirim header Date</translation>
    </message>
    <message>
        <source>ahead of</source>
        <translation>lebih cepat dari</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>lebih lambat dari</translation>
    </message>
    <message>
        <source>this workstation&apos;s clock is {skew:.0f} s {ahead} the server&apos;s</source>
        <translation>jam workstation ini {skew:.0f} detik {ahead} jam server</translation>
    </message>
    <message>
        <source>Turn on time synchronisation (NTP) on this workstation and the server; on Windows: Settings &gt; Time &gt; Sync now, or w32tm /resync.</source>
        <translation>Aktifkan sinkronisasi waktu (NTP) di workstation ini dan di server; di Windows: Settings &gt; Time &gt; Sync now, atau w32tm /resync.</translation>
    </message>
    <message>
        <source>clocks agree within {skew:.0f} s</source>
        <translation>jam sesuai dalam {skew:.0f} detik</translation>
    </message>
    <message>
        <source>no token to pull with</source>
        <translation>tidak ada token untuk pull</translation>
    </message>
    <message>
        <source>Ask the administrator to look at the server&apos;s log: no console can sync (a new one cannot even start) while pulls fail.</source>
        <translation>Minta administrator melihat log server: tidak ada console yang dapat sinkron (console baru bahkan tidak dapat mulai) selama pull gagal.</translation>
    </message>
    <message>
        <source>the pull call failed: {exc}</source>
        <translation>panggilan pull gagal: {exc}</translation>
    </message>
    <message>
        <source>a pull answered HTTP {status_code}: {body}</source>
        <translation>pull menjawab HTTP {status_code}: {body}</translation>
    </message>
    <message>
        <source> (more follow)</source>
        <translation> (masih ada lagi)</translation>
    </message>
    <message>
        <source>pulled a page of {events} events and {tickets} incidents{more}</source>
        <translation>menarik satu halaman berisi {events} event dan {tickets} insiden{more}</translation>
    </message>
    <message>
        <source>no user to try (give --user NAME, or log in once in the console)</source>
        <translation>tidak ada pengguna untuk dicoba (beri --user NAMA, atau login sekali di console)</translation>
    </message>
    <message>
        <source>{who} can log in</source>
        <translation>{who} dapat login</translation>
    </message>
    <message>
        <source>the token kept for {who} is still accepted</source>
        <translation>token yang disimpan untuk {who} masih diterima</translation>
    </message>
    <message>
        <source>the token kept for {who} is no longer accepted</source>
        <translation>token yang disimpan untuk {who} tidak diterima lagi</translation>
    </message>
    <message>
        <source>Nothing to repair: the console asks for the password at the next start. Run doctor --user NAME to test a password.</source>
        <translation>Tidak perlu diperbaiki: console meminta kata sandi saat mulai berikutnya. Jalankan doctor --user NAMA untuk menguji kata sandi.</translation>
    </message>
    <message>
        <source>no password given</source>
        <translation>kata sandi tidak diberikan</translation>
    </message>
    <message>
        <source>the login call failed: {exc}</source>
        <translation>panggilan login gagal: {exc}</translation>
    </message>
    <message>
        <source>Run doctor again; check the network.</source>
        <translation>Jalankan doctor lagi; periksa jaringan.</translation>
    </message>
    <message>
        <source>the account {who!r} is disabled ({detail})</source>
        <translation>akun {who!r} dinonaktifkan ({detail})</translation>
    </message>
    <message>
        <source>Ask the administrator to enable it (smartcity-console users ...).</source>
        <translation>Minta administrator mengaktifkannya (smartcity-console users ...).</translation>
    </message>
    <message>
        <source>the server refused {who!r}: wrong user name or password ({detail})</source>
        <translation>server menolak {who!r}: nama pengguna atau kata sandi salah ({detail})</translation>
    </message>
    <message>
        <source>Check the user name and password; the administrator can reset it with smartcity-console users passwd NAME.</source>
        <translation>Periksa nama pengguna dan kata sandi; administrator dapat mengaturnya ulang dengan smartcity-console users passwd NAMA.</translation>
    </message>
    <message>
        <source>too many failed sign-ins for {who!r} or from this workstation; the server asks to wait {wait} s</source>
        <translation>terlalu banyak login gagal untuk {who!r} atau dari workstation ini; server meminta menunggu {wait} detik</translation>
    </message>
    <message>
        <source>Wait, then run doctor again with the right password. Many failures you did not make: tell the administrator (the server&apos;s log names every address).</source>
        <translation>Tunggu, lalu jalankan doctor lagi dengan kata sandi yang benar. Banyak kegagalan yang bukan dari Anda: beri tahu administrator (log server mencatat setiap alamat).</translation>
    </message>
    <message>
        <source>login answered HTTP {status_code}: {detail}</source>
        <translation>login menjawab HTTP {status_code}: {detail}</translation>
    </message>
    <message>
        <source>Ask the administrator to look at the server&apos;s log.</source>
        <translation>Minta administrator melihat log server.</translation>
    </message>
</context>
<context>
    <name>FeedDiagnostics</name>
    <message>
        <source>Total: {messages} messages ({rate} msg/s) · {readings} readings · {errors} errors · {unmatched} unmatched</source>
        <translation>Total: {messages} pesan ({rate} pesan/s) · {readings} bacaan · {errors} galat · {unmatched} tanpa pemetaan</translation>
    </message>
    <message>
        <source>Select a feed to see its last bad payload.</source>
        <translation>Pilih feed untuk melihat payload buruk terakhirnya.</translation>
    </message>
    <message>
        <source>{feed}: no bad payload so far.</source>
        <translation>{feed}: belum ada payload buruk.</translation>
    </message>
    <message>
        <source>{feed} — last error: {error}</source>
        <translation>{feed} — galat terakhir: {error}</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Filter topik</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Rate (msg/s)</source>
        <translation>Laju (pesan/s)</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Bacaan</translation>
    </message>
    <message>
        <source>Decode errors</source>
        <translation>Galat dekode</translation>
    </message>
    <message>
        <source>Oversized</source>
        <translation>Terlalu besar</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>Diabaikan</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>Celah</translation>
    </message>
    <message>
        <source>Readings that never arrived, by the feed&apos;s sequence number or its expected interval; sequence restarts: {}</source>
        <translation>Pembacaan yang tidak pernah tiba, menurut nomor urut feed atau interval yang diharapkan; nomor urut dimulai ulang: {}</translation>
    </message>
    <message>
        <source>Last good reading</source>
        <translation>Bacaan baik terakhir</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Galat terakhir</translation>
    </message>
    <message>
        <source>Last bad payload</source>
        <translation>Payload buruk terakhir</translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
</context>
<context>
    <name>FeedPanels</name>
    <message>
        <source>Topic Browser</source>
        <translation>Penjelajah Topik</translation>
    </message>
    <message>
        <source>Feed Diagnostics</source>
        <translation>Diagnostik Feed</translation>
    </message>
</context>
<context>
    <name>FeedText</name>
    <message>
        <source>{} s ago</source>
        <translation>{} s lalu</translation>
    </message>
    <message>
        <source>{} min ago</source>
        <translation>{} min lalu</translation>
    </message>
    <message>
        <source>{} h ago</source>
        <translation>{} jam lalu</translation>
    </message>
    <message>
        <source>{} d ago</source>
        <translation>{} hari lalu</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Broker URL</source>
        <translation>URL broker</translation>
    </message>
    <message>
        <source>Broker user</source>
        <translation>Pengguna broker</translation>
    </message>
    <message>
        <source>Broker password</source>
        <translation>Kata sandi broker</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Sertifikat CA</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Sertifikat klien</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Kunci klien</translation>
    </message>
    <message>
        <source>Sync server URL</source>
        <translation>URL server sinkronisasi</translation>
    </message>
    <message>
        <source>Workstation name</source>
        <translation>Nama workstation</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Set up this workstation</source>
        <translation>Siapkan workstation ini</translation>
    </message>
    <message>
        <source>This workstation has no configuration yet. Enter what the command center&apos;s administrator gave you; Test checks it live, Save writes it to {path}. The broker password goes to the system keyring, never into the file.</source>
        <translation>Workstation ini belum dikonfigurasi. Isi data dari administrator pusat komando; Uji memeriksanya langsung, Simpan menulisnya ke {path}. Kata sandi broker disimpan di keyring sistem, tidak pernah di berkas.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Uji</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Testing the broker and the server…</source>
        <translation>Menguji broker dan server…</translation>
    </message>
    <message>
        <source>what to do</source>
        <translation>yang perlu dilakukan</translation>
    </message>
    <message>
        <source>Some checks failed (see above). You can still save and fix it later; smartcity-console doctor checks again.</source>
        <translation>Beberapa pemeriksaan gagal (lihat di atas). Anda tetap dapat menyimpan dan memperbaikinya nanti; smartcity-console doctor memeriksa lagi.</translation>
    </message>
    <message>
        <source>Everything answered: you can save.</source>
        <translation>Semua menjawab: Anda dapat menyimpan.</translation>
    </message>
    <message>
        <source>This workstation has no usable keyring, so the broker password cannot be stored safely. Clear the password and save: the console then asks for it at each start. Or use a desktop session with a keyring (Windows Credential Manager, GNOME Keyring), or a client certificate.</source>
        <translation>Workstation ini tidak punya keyring yang dapat dipakai, jadi kata sandi broker tidak dapat disimpan dengan aman. Kosongkan kata sandi lalu simpan: konsol akan menanyakannya setiap kali dijalankan. Atau gunakan sesi desktop dengan keyring (Windows Credential Manager, GNOME Keyring), atau sertifikat klien.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>&amp;About…</source>
        <translation>&amp;Tentang…</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>History: sign in to load the past</source>
        <translation>Riwayat: masuk untuk memuat data lampau</translation>
    </message>
    <message>
        <source>Loading history…</source>
        <translation>Memuat riwayat…</translation>
    </message>
    <message>
        <source>History unavailable: showing what this console received</source>
        <translation>Riwayat tidak tersedia: menampilkan data yang diterima konsol ini</translation>
    </message>
</context>
<context>
    <name>Incident</name>
    <message>
        <source>{name} must be text.</source>
        <translation>{name} harus berupa teks.</translation>
    </message>
    <message>
        <source>{name} is required.</source>
        <translation>{name} wajib diisi.</translation>
    </message>
    <message>
        <source>{name} is too long: {text} characters, at most {maximum}.</source>
        <translation>{name} terlalu panjang: {text} karakter, paling banyak {maximum}.</translation>
    </message>
    <message>
        <source>Unknown program {value!r}; expected one of {keys}.</source>
        <translation>Program {value!r} tidak dikenal; pilih salah satu dari {keys}.</translation>
    </message>
    <message>
        <source>Unknown severity {value!r}; expected one of {names}.</source>
        <translation>Tingkat keparahan {value!r} tidak dikenal; pilih salah satu dari {names}.</translation>
    </message>
    <message>
        <source>Closing needs a reason: one of {names}.</source>
        <translation>Menutup insiden perlu alasan: salah satu dari {names}.</translation>
    </message>
    <message>
        <source>Closing for another reason needs a note that says why.</source>
        <translation>Menutup dengan alasan lain perlu catatan yang menjelaskannya.</translation>
    </message>
    <message>
        <source>This change cannot be saved because the sync server would refuse it: {detail}.</source>
        <translation>Perubahan ini tidak dapat disimpan karena server sinkronisasi akan menolaknya: {detail}.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Deskripsi</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Seri</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Stasiun kerja</translation>
    </message>
    <message>
        <source>Alarm rule</source>
        <translation>Aturan alarm</translation>
    </message>
    <message>
        <source>{name} must be one line: it contains {char} at character {position}.</source>
        <translation>{name} harus satu baris: ada {char} pada karakter ke-{position}.</translation>
    </message>
    <message>
        <source>{name} contains a character that cannot be stored ({char}, character {position}); remove it and try again.</source>
        <translation>{name} berisi karakter yang tidak dapat disimpan ({char}, karakter ke-{position}); hapus karakter itu lalu coba lagi.</translation>
    </message>
    <message>
        <source>new</source>
        <translation>baru</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>sedang ditangani</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>terselesaikan</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>ditutup</translation>
    </message>
    <message>
        <source>create</source>
        <translation>membuat</translation>
    </message>
    <message>
        <source>comment on</source>
        <translation>mengomentari</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>mengubah</translation>
    </message>
    <message>
        <source>start work on</source>
        <translation>mulai menangani</translation>
    </message>
    <message>
        <source>resolve</source>
        <translation>menyelesaikan</translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation>mengonfirmasi</translation>
    </message>
    <message>
        <source>assign</source>
        <translation>menugaskan</translation>
    </message>
    <message>
        <source>close</source>
        <translation>menutup</translation>
    </message>
    <message>
        <source>reopen</source>
        <translation>membuka kembali</translation>
    </message>
    <message>
        <source>manage</source>
        <translation>mengelola</translation>
    </message>
    <message>
        <source>operators</source>
        <translation>operator</translation>
    </message>
    <message>
        <source>supervisors</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>administrators</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>and</source>
        <translation>dan</translation>
    </message>
    <message>
        <source>or</source>
        <translation>atau</translation>
    </message>
    <message>
        <source>Only {roles} can {verb} users.</source>
        <translation>Hanya {roles} yang dapat {verb} pengguna.</translation>
    </message>
    <message>
        <source>Only {roles} can {verb} incidents.</source>
        <translation>Hanya {roles} yang dapat {verb} insiden.</translation>
    </message>
    <message>
        <source>Work starts after acknowledgement: a supervisor must acknowledge this incident first.</source>
        <translation>Penanganan dimulai setelah konfirmasi: supervisor harus mengonfirmasi insiden ini terlebih dahulu.</translation>
    </message>
    <message>
        <source>Cannot {verb} this incident: it is {status}.</source>
        <translation>Tidak dapat {verb} insiden ini: statusnya {status}.</translation>
    </message>
    <message>
        <source>Cannot {verb} this incident: it is {status} (possible only when it is {when}).</source>
        <translation>Tidak dapat {verb} insiden ini: statusnya {status} (hanya bisa saat statusnya {when}).</translation>
    </message>
    <message>
        <source>This workstation&apos;s clock says {value}: set the clock right, then make the change again.</source>
        <translation>Jam stasiun kerja ini menunjukkan {value}: betulkan jamnya, lalu ulangi perubahannya.</translation>
    </message>
    <message>
        <source>No incident with id {ticket_id}.</source>
        <translation>Tidak ada insiden dengan id {ticket_id}.</translation>
    </message>
    <message>
        <source>Only closing takes a reason.</source>
        <translation>Hanya penutupan yang perlu alasan.</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <source>Show on plot</source>
        <translation>Tampilkan di grafik</translation>
    </message>
    <message>
        <source>This incident names no series to show.</source>
        <translation>Insiden ini tidak menyebut seri data untuk ditampilkan.</translation>
    </message>
    <message>
        <source>system (alarm rule {})</source>
        <translation>sistem (aturan alarm {})</translation>
    </message>
    <message>
        <source>Select an incident in the list.</source>
        <translation>Pilih insiden di daftar.</translation>
    </message>
    <message>
        <source>Select an incident in the list first.</source>
        <translation>Pilih insiden di daftar dulu.</translation>
    </message>
    <message>
        <source>⚠ ESCALATED</source>
        <translation>⚠ ESKALASI</translation>
    </message>
    <message>
        <source>✓ Saved: {}</source>
        <translation>✓ Tersimpan: {}</translation>
    </message>
    <message>
        <source>Write a comment…</source>
        <translation>Tulis komentar…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Dikonfirmasi</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Close reason</source>
        <translation>Alasan tutup</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>cleared {}</source>
        <translation>pulih {}</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <source>Assigned to {}</source>
        <translation>Ditugaskan ke {}</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Tidak lagi ditugaskan</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Diubah</translation>
    </message>
    <message>
        <source>note</source>
        <translation>catatan</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Create incident</source>
        <translation>Buat insiden</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Konfirmasi…</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Tugaskan…</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>Mulai tangani</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Selesaikan…</translation>
    </message>
    <message>
        <source>Close…</source>
        <translation>Tutup…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Buka kembali…</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>Kirim komentar</translation>
    </message>
    <message>
        <source>✗ Not accepted by the server: {} ({}) — {}</source>
        <translation>✗ Tidak diterima oleh server: {} ({}) — {}</translation>
    </message>
    <message>
        <source>creation</source>
        <translation>pembuatan</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>pengubahan</translation>
    </message>
    <message>
        <source>status change</source>
        <translation>perubahan status</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>komentar</translation>
    </message>
    <message>
        <source>assignment</source>
        <translation>penugasan</translation>
    </message>
</context>
<context>
    <name>IncidentDialogs</name>
    <message>
        <source>Choose a reason for closing from the list.</source>
        <translation>Pilih alasan penutupan dari daftar.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Seri</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Deskripsi</translation>
    </message>
    <message>
        <source>False alarm</source>
        <translation>Alarm palsu</translation>
    </message>
    <message>
        <source>Duplicate of another incident</source>
        <translation>Duplikat insiden lain</translation>
    </message>
    <message>
        <source>Dealt with</source>
        <translation>Sudah ditangani</translation>
    </message>
    <message>
        <source>Other (say why in the note)</source>
        <translation>Lainnya (jelaskan di catatan)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>Tutup insiden</translation>
    </message>
    <message>
        <source>— choose a reason —</source>
        <translation>— pilih alasan —</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Saya</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>Tugaskan kepada</translation>
    </message>
    <message>
        <source>Fetching the list of users from the sync server…</source>
        <translation>Mengambil daftar pengguna dari server sinkronisasi…</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— tanpa petugas —</translation>
    </message>
    <message>
        <source>{} (not in the server&apos;s list now)</source>
        <translation>{} (kini tidak ada di daftar server)</translation>
    </message>
    <message>
        <source>The list of users comes from the sync server.</source>
        <translation>Daftar pengguna berasal dari server sinkronisasi.</translation>
    </message>
    <message>
        <source>No list has been fetched yet: you can assign yourself or nobody until the server can be reached.</source>
        <translation>Belum ada daftar yang diambil: Anda hanya dapat menugaskan diri sendiri atau tanpa petugas sampai server dapat dihubungi.</translation>
    </message>
    <message>
        <source>Showing the list fetched at {}; the server checks the assignment when it receives it.</source>
        <translation>Menampilkan daftar yang diambil pukul {}; server memeriksa penugasan saat menerimanya.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
</context>
<context>
    <name>IncidentFilters</name>
    <message>
        <source>All programs</source>
        <translation>Semua program</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>Terbuka (belum ditutup)</translation>
    </message>
    <message>
        <source>Awaiting acknowledgement</source>
        <translation>Menunggu konfirmasi</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Semua keparahan</translation>
    </message>
    <message>
        <source>Critical &amp; high</source>
        <translation>Kritis &amp; tinggi</translation>
    </message>
    <message>
        <source>Escalated only</source>
        <translation>Hanya eskalasi</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>Ditugaskan ke saya</translation>
    </message>
    <message>
        <source>Search title, description, station, series, id…</source>
        <translation>Cari judul, deskripsi, stasiun, seri, id…</translation>
    </message>
</context>
<context>
    <name>IncidentPrefill</name>
    <message>
        <source>{measurement} at {station}: {reading}</source>
        <translation>{measurement} di {station}: {reading}</translation>
    </message>
    <message>
        <source>Created from the plot «{plot}»: {series} = {value} at {time}.</source>
        <translation>Dibuat dari grafik «{plot}»: {series} = {value} pada {time}.</translation>
    </message>
</context>
<context>
    <name>IncidentExport</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Created (WIB)</source>
        <translation>Dibuat (WIB)</translation>
    </message>
    <message>
        <source>Acknowledged (WIB)</source>
        <translation>Dikonfirmasi (WIB)</translation>
    </message>
    <message>
        <source>Updated (WIB)</source>
        <translation>Diperbarui (WIB)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Deskripsi</translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Acknowledge within</source>
        <translation>Konfirmasi dalam</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritis</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Tinggi</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Sedang</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Rendah</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Dikonfirmasi</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Sedang ditangani</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Terselesaikan</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} hari {hours} j</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} j {minutes} m</translation>
    </message>
    <message>
        <source>No acknowledgement pending</source>
        <translation>Tidak menunggu konfirmasi</translation>
    </message>
    <message>
        <source>Acknowledge within {}</source>
        <translation>Konfirmasi dalam {}</translation>
    </message>
    <message>
        <source>ESCALATED: acknowledgement overdue by {}</source>
        <translation>ESKALASI: konfirmasi terlambat {}</translation>
    </message>
    <message>
        <source>ESCALATED +{}</source>
        <translation>ESKALASI +{}</translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <source>The export failed: {}</source>
        <translation>Ekspor gagal: {}</translation>
    </message>
    <message>
        <source>Exported {count} incidents to {path}</source>
        <translation>{count} insiden diekspor ke {path}</translation>
    </message>
    <message>
        <source>Export list as CSV…</source>
        <translation>Ekspor daftar sebagai CSV…</translation>
    </message>
    <message>
        <source>Export list as Excel (XLSX)…</source>
        <translation>Ekspor daftar sebagai Excel (XLSX)…</translation>
    </message>
    <message>
        <source>incidents</source>
        <translation>insiden</translation>
    </message>
    <message>
        <source>Export the incident list</source>
        <translation>Ekspor daftar insiden</translation>
    </message>
    <message>
        <source>⚠ {} ESCALATED</source>
        <translation>⚠ {} ESKALASI</translation>
    </message>
    <message>
        <source>{} awaiting acknowledgement</source>
        <translation>{} menunggu konfirmasi</translation>
    </message>
    <message>
        <source>{} shown</source>
        <translation>{} ditampilkan</translation>
    </message>
    <message>
        <source>No escalations</source>
        <translation>Tidak ada eskalasi</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>&amp;Insiden</translation>
    </message>
    <message>
        <source>Create incident…</source>
        <translation>Buat insiden…</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <source>The server address {base!r} is not valid ({exc}); check [server] url in the config.</source>
        <translation>Alamat server {base!r} tidak valid ({exc}); periksa [server] url di konfigurasi.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Nama pengguna atau kata sandi salah.</translation>
    </message>
    <message>
        <source>This account is disabled; ask an administrator.</source>
        <translation>Akun ini dinonaktifkan; hubungi administrator.</translation>
    </message>
    <message>
        <source>The user name or password is too long or has characters that are not allowed.</source>
        <translation>Nama pengguna atau kata sandi terlalu panjang atau berisi karakter yang tidak diperbolehkan.</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} detik</translation>
    </message>
    <message>
        <source>a while</source>
        <translation>beberapa saat</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for this user or this workstation; try again in {when}.</source>
        <translation>Terlalu banyak login gagal untuk pengguna atau stasiun kerja ini; coba lagi dalam {when}.</translation>
    </message>
    <message>
        <source>The server refused the login ({status_code}: {detail}).</source>
        <translation>Server menolak login ({status_code}: {detail}).</translation>
    </message>
    <message>
        <source>The server at {base} gave an answer the console does not understand; is it a sync server of the same version?</source>
        <translation>Jawaban server di {base} tidak dipahami konsol; apakah itu server sinkronisasi versi yang sama?</translation>
    </message>
    <message>
        <source>The server cannot be reached, and {username!r} has not logged in on this workstation before: the first login needs the server.</source>
        <translation>Server tidak dapat dihubungi, dan {username!r} belum pernah login di stasiun kerja ini: login pertama memerlukan server.</translation>
    </message>
    <message>
        <source>Wrong password (checked against this workstation&apos;s copy: the server cannot be reached).</source>
        <translation>Kata sandi salah (diperiksa dengan salinan di stasiun kerja ini: server tidak dapat dihubungi).</translation>
    </message>
    <message>
        <source>Enter a user name and a password.</source>
        <translation>Isi nama pengguna dan kata sandi.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in to the console</source>
        <translation>Masuk ke konsol</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Workstation: {workstation} · Server: {server}</source>
        <translation>Stasiun kerja: {workstation} · Server: {server}</translation>
    </message>
    <message>
        <source>Contacting the server…</source>
        <translation>Menghubungi server…</translation>
    </message>
    <message>
        <source>Server offline: checking the credentials cached on this workstation.</source>
        <translation>Server tidak dapat dihubungi: memeriksa kredensial yang tersimpan di stasiun kerja ini.</translation>
    </message>
    <message>
        <source>Demo accounts: {accounts}</source>
        <translation>Akun demo: {accounts}</translation>
    </message>
    <message>
        <source>Login failed: {error}</source>
        <translation>Login gagal: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Connecting to broker…</source>
        <translation>Menghubungkan ke broker…</translation>
    </message>
    <message>
        <source>Broker connected</source>
        <translation>Broker terhubung</translation>
    </message>
    <message>
        <source>Broker disconnected</source>
        <translation>Broker terputus</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Berhenti</translation>
    </message>
    <message>
        <source>Rembang Smart City Command Center</source>
        <translation>Pusat Komando Smart City Rembang</translation>
    </message>
    <message>
        <source>retry in {} s</source>
        <translation>coba lagi {} s</translation>
    </message>
    <message>
        <source>{rate} msg/s · {series} series</source>
        <translation>{rate} pesan/s · {series} seri</translation>
    </message>
    <message>
        <source>{} stale</source>
        <translation>{} tanpa data</translation>
    </message>
    <message>
        <source>Rembang Command Center</source>
        <translation>Pusat Komando Rembang</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar aplikasi</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>Layar &amp;penuh</translation>
    </message>
    <message>
        <source>F11</source>
        <translation>F11</translation>
    </message>
    <message>
        <source>Details: {}</source>
        <translation>Rincian: {}</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>shelved</source>
        <translation>ditangguhkan</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <source>alarm waiting for acknowledgement</source>
        <translation>alarm menunggu konfirmasi</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>dieskalasi</translation>
    </message>
    <message>
        <source>Fit regency</source>
        <translation>Seluruh kabupaten</translation>
    </message>
    <message>
        <source>Show the whole regency again</source>
        <translation>Tampilkan lagi seluruh kabupaten</translation>
    </message>
    <message>
        <source>Incidents without a place</source>
        <translation>Insiden tanpa lokasi</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <source>Kec. %1</source>
        <translation>Kec. %1</translation>
    </message>
    <message>
        <source>No open incidents</source>
        <translation>Tidak ada insiden terbuka</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>Show on map</source>
        <translation>Tampilkan di peta</translation>
    </message>
</context>
<context>
    <name>MapTopicDialog</name>
    <message>
        <source>Map this topic</source>
        <translation>Petakan topik ini</translation>
    </message>
    <message>
        <source>(none: pick fields)</source>
        <translation>(tidak ada: pilih field)</translation>
    </message>
    <message>
        <source>ENERGY.Power, ENERGY.Voltage or *</source>
        <translation>ENERGY.Power, ENERGY.Voltage atau *</translation>
    </message>
    <message>
        <source>ENERGY.Voltage=V, ENERGY.Total=kWh</source>
        <translation>ENERGY.Voltage=V, ENERGY.Total=kWh</translation>
    </message>
    <message>
        <source>rembang/living/pump_power/lasem</source>
        <translation>rembang/living/pump_power/lasem</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Filter topik</translation>
    </message>
    <message>
        <source>Device profile</source>
        <translation>Profil perangkat</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Time field</source>
        <translation>Field waktu</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <source>Series name</source>
        <translation>Nama seri</translation>
    </message>
    <message>
        <source>Last payload of {topic}</source>
        <translation>Payload terakhir dari {topic}</translation>
    </message>
    <message>
        <source>What decode gives for the {n} payload(s) seen so far:</source>
        <translation>Hasil decode untuk {n} payload yang terlihat sejauh ini:</translation>
    </message>
    <message>
        <source>{n} payload(s) refused with this mapping.</source>
        <translation>{n} payload ditolak dengan pemetaan ini.</translation>
    </message>
    <message>
        <source>No config file to save to.</source>
        <translation>Tidak ada file konfigurasi untuk disimpan.</translation>
    </message>
    <message>
        <source>{topic}, mapped in the topic browser</source>
        <translation>{topic}, dipetakan di penjelajah topik</translation>
    </message>
    <message>
        <source>Could not save to {path}: {error}</source>
        <translation>Tidak dapat menyimpan ke {path}: {error}</translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message>
        <source>The replay period must end after it starts</source>
        <translation>Periode tayang ulang harus berakhir setelah dimulai</translation>
    </message>
    <message>
        <source>A replay period is at most 24 hours</source>
        <translation>Periode tayang ulang paling lama 24 jam</translation>
    </message>
    <message>
        <source>The replay speed is 1x to 60x</source>
        <translation>Kecepatan tayang ulang 1x sampai 60x</translation>
    </message>
    <message>
        <source>REPLAY {time} WIB, {speed}x</source>
        <translation>PUTAR ULANG {time} WIB, {speed}x</translation>
    </message>
    <message>
        <source>Replay a past period</source>
        <translation>Putar ulang periode lampau</translation>
    </message>
    <message>
        <source>A date and a time range</source>
        <translation>Tanggal dan rentang waktu</translation>
    </message>
    <message>
        <source>Around: {title} ({time})</source>
        <translation>Sekitar: {title} ({time})</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>Date (WIB)</source>
        <translation>Tanggal (WIB)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Kecepatan</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>Kembali ke langsung</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <source>Drag to jump to another time of the period</source>
        <translation>Geser untuk melompat ke waktu lain dalam periode</translation>
    </message>
    <message>
        <source>In replay, not recorded: {count}</source>
        <translation>Dalam putar ulang, tidak dicatat: {count}</translation>
    </message>
    <message>
        <source>REPLAY</source>
        <translation>PUTAR ULANG</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>memuat…</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>selesai</translation>
    </message>
    <message>
        <source>history unavailable</source>
        <translation>riwayat tidak tersedia</translation>
    </message>
    <message>
        <source>{count} alarms in replay, not recorded</source>
        <translation>{count} alarm dalam putar ulang, tidak dicatat</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>Putar ulang…</translation>
    </message>
</context>
<context>
    <name>SeriesPicker</name>
    <message>
        <source>Choose series</source>
        <translation>Pilih seri</translation>
    </message>
    <message>
        <source>Search series, or type a filter such as rembang/+/pm25/+</source>
        <translation>Cari seri, atau ketik filter seperti rembang/+/pm25/+</translation>
    </message>
    <message>
        <source>Add as filter</source>
        <translation>Tambah sebagai filter</translation>
    </message>
</context>
<context>
    <name>ShiftChange</name>
    <message>
        <source>Sign out (shift change)…</source>
        <translation>Ganti shift…</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Sign out (shift change)</source>
        <translation>Ganti shift</translation>
    </message>
    <message>
        <source>Handover note for the next shift: what to watch, what is pending. The shift report is made from it and the journal.</source>
        <translation>Catatan serah terima untuk shift berikutnya: apa yang harus diawasi, apa yang masih tertunda. Laporan shift dibuat dari catatan ini dan jurnal.</translation>
    </message>
    <message>
        <source>Sign out and hand over</source>
        <translation>Serahkan dan ganti shift</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>Serah terima shift</translation>
    </message>
    <message>
        <source>{} handed this workstation over at {}. Read it, then confirm.</source>
        <translation>{} menyerahkan stasiun kerja ini pada {}. Bacalah, lalu konfirmasi.</translation>
    </message>
    <message>
        <source>Open the PDF</source>
        <translation>Buka PDF</translation>
    </message>
    <message>
        <source>I have read the handover</source>
        <translation>Saya sudah membaca serah terima</translation>
    </message>
    <message>
        <source>The shift report could not be written: {}</source>
        <translation>Laporan shift tidak dapat ditulis: {}</translation>
    </message>
    <message>
        <source>very likely acceptable (up to 6 an hour)</source>
        <translation>sangat mungkin dapat diterima (hingga 6 per jam)</translation>
    </message>
    <message>
        <source>manageable (up to 12 an hour)</source>
        <translation>masih dapat ditangani (hingga 12 per jam)</translation>
    </message>
    <message>
        <source>likely over-demanding (up to 60 an hour)</source>
        <translation>kemungkinan terlalu berat (hingga 60 per jam)</translation>
    </message>
    <message>
        <source>very likely unacceptable (over 60 an hour)</source>
        <translation>sangat mungkin tidak dapat diterima (lebih dari 60 per jam)</translation>
    </message>
    <message>
        <source>raised</source>
        <translation>dibuat</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <source>started work</source>
        <translation>mulai dikerjakan</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>terselesaikan</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>ditutup</translation>
    </message>
    <message>
        <source>reopened</source>
        <translation>dibuka kembali</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>ditugaskan</translation>
    </message>
    <message>
        <source>{} h {} min</source>
        <translation>{} j {} mnt</translation>
    </message>
    <message>
        <source>{} min</source>
        <translation>{} mnt</translation>
    </message>
    <message>
        <source>Rembang Smart City Command Center</source>
        <translation>Pusat Komando Smart City Rembang</translation>
    </message>
    <message>
        <source>Period: {} to {}</source>
        <translation>Periode: {} sampai {}</translation>
    </message>
    <message>
        <source>Workstation: {}</source>
        <translation>Stasiun kerja: {}</translation>
    </message>
    <message>
        <source>Handed over by: {}</source>
        <translation>Diserahkan oleh: {}</translation>
    </message>
    <message>
        <source>Report made at {}</source>
        <translation>Laporan dibuat pada {}</translation>
    </message>
    <message>
        <source>Handover note</source>
        <translation>Catatan serah terima</translation>
    </message>
    <message>
        <source>No note was written.</source>
        <translation>Tidak ada catatan.</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>Yang bertugas</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Stasiun kerja</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>still on</source>
        <translation>masih bertugas</translation>
    </message>
    <message>
        <source>No sign-in was recorded in this period.</source>
        <translation>Tidak ada masuk yang tercatat pada periode ini.</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>Raised {}, acknowledged {}, closed {}, reopened {}.</source>
        <translation>Dibuat {}, dikonfirmasi {}, ditutup {}, dibuka kembali {}.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Dikonfirmasi</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Dibuka kembali</translation>
    </message>
    <message>
        <source>No incident changed in this period.</source>
        <translation>Tidak ada insiden yang berubah pada periode ini.</translation>
    </message>
    <message>
        <source>Still open</source>
        <translation>Masih terbuka</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Umur</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Last note</source>
        <translation>Catatan terakhir</translation>
    </message>
    <message>
        <source>Nothing is open.</source>
        <translation>Tidak ada yang masih terbuka.</translation>
    </message>
    <message>
        <source>Missed acknowledgement deadlines</source>
        <translation>Batas waktu konfirmasi yang terlewat</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <source>not acknowledged</source>
        <translation>belum dikonfirmasi</translation>
    </message>
    <message>
        <source>Every deadline was met.</source>
        <translation>Semua batas waktu terpenuhi.</translation>
    </message>
    <message>
        <source>Alarm rate (EEMUA 191)</source>
        <translation>Laju alarm (EEMUA 191)</translation>
    </message>
    <message>
        <source>{} alarms, {} an hour on average: {}.</source>
        <translation>{} alarm, rata-rata {} per jam: {}.</translation>
    </message>
    <message>
        <source>Flood from</source>
        <translation>Banjir alarm dari</translation>
    </message>
    <message>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>No alarm flood (more than 10 alarms in 10 minutes).</source>
        <translation>Tidak ada banjir alarm (lebih dari 10 alarm dalam 10 menit).</translation>
    </message>
    <message>
        <source>Stale feeds and broker outages</source>
        <translation>Umpan basi dan gangguan broker</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Umpan</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Selama</translation>
    </message>
    <message>
        <source>still stale</source>
        <translation>masih basi</translation>
    </message>
    <message>
        <source>Every feed reported throughout.</source>
        <translation>Semua umpan melapor sepanjang periode.</translation>
    </message>
    <message>
        <source>Who did what</source>
        <translation>Siapa melakukan apa</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <source>Did</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Nobody changed an incident in this period.</source>
        <translation>Tidak ada yang mengubah insiden pada periode ini.</translation>
    </message>
    <message>
        <source>Shift handover report</source>
        <translation>Laporan serah terima shift</translation>
    </message>
    <message>
        <source>Shift reports</source>
        <translation>Laporan shift</translation>
    </message>
    <message>
        <source>Handed over by</source>
        <translation>Diserahkan oleh</translation>
    </message>
    <message>
        <source>Read by</source>
        <translation>Dibaca oleh</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Make a report now</source>
        <translation>Buat laporan sekarang</translation>
    </message>
    <message>
        <source>Shift reports…</source>
        <translation>Laporan shift…</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>The console is already running here (pid {pid}); it was brought to the front.</source>
        <translation>Konsol sudah berjalan di sini (pid {pid}); jendelanya sudah dibawa ke depan.</translation>
    </message>
    <message>
        <source>The console is already running on {host} (pid {pid}) with this data folder.</source>
        <translation>Konsol sudah berjalan di {host} (pid {pid}) dengan folder data ini.</translation>
    </message>
    <message>
        <source>The console cannot use its data folder {folder} ({reason}). It keeps the incident database there, so it must be a folder this user can write to: check the disk is not read-only or full and the folder&apos;s permissions, then start again (smartcity-console doctor checks it too).</source>
        <translation>Konsol tidak dapat memakai folder datanya {folder} ({reason}). Basis data insiden disimpan di sana, jadi folder itu harus dapat ditulisi oleh pengguna ini: periksa bahwa disk tidak hanya-baca atau penuh serta izin folder tersebut, lalu jalankan lagi (smartcity-console doctor juga memeriksanya).</translation>
    </message>
</context>
<context>
    <name>StationGrid</name>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Sync offline since {} WIB</source>
        <translation>Sinkronisasi terputus sejak {} WIB</translation>
    </message>
    <message>
        <source>{} changes waiting</source>
        <translation>{} perubahan menunggu</translation>
    </message>
    <message>
        <source>Sync error: {}</source>
        <translation>Galat sinkronisasi: {}</translation>
    </message>
    <message>
        <source>{} changes waiting to sync</source>
        <translation>{} perubahan menunggu sinkronisasi</translation>
    </message>
    <message>
        <source>{} must sign in again</source>
        <translation>{} harus masuk lagi</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Tersinkron</translation>
    </message>
    <message>
        <source>Sync starting…</source>
        <translation>Sinkronisasi dimulai…</translation>
    </message>
    <message>
        <source>Change refused by the server</source>
        <translation>Perubahan ditolak server</translation>
    </message>
    <message>
        <source>The sync server refused {} of your changes; the incidents show its state again.</source>
        <translation>Server sinkronisasi menolak {} perubahan Anda; insiden kembali menampilkan keadaan dari server.</translation>
    </message>
    <message>
        <source>create</source>
        <translation>pembuatan</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>pengubahan</translation>
    </message>
    <message>
        <source>status change</source>
        <translation>perubahan status</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>komentar</translation>
    </message>
    <message>
        <source>assignment</source>
        <translation>penugasan</translation>
    </message>
    <message>
        <source>shelving</source>
        <translation>penangguhan</translation>
    </message>
    <message>
        <source>end of a shelf</source>
        <translation>akhir penangguhan</translation>
    </message>
    <message>
        <source>{} changes not accepted by the server</source>
        <translation>{} perubahan tidak diterima oleh server</translation>
    </message>
</context>
<context>
    <name>TimeSeriesPanel</name>
    <message>
        <source>time (WIB)</source>
        <translation>waktu (WIB)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
    <message>
        <source>PAUSED: showing history</source>
        <translation>JEDA: menampilkan riwayat</translation>
    </message>
    <message>
        <source>⚠ no recent data</source>
        <translation>⚠ tidak ada data terbaru</translation>
    </message>
</context>
<context>
    <name>TopicBrowser</name>
    <message>
        <source>Search topics…</source>
        <translation>Cari topik…</translation>
    </message>
    <message>
        <source>Add to plot</source>
        <translation>Tambah ke grafik</translation>
    </message>
    <message>
        <source>Map this topic…</source>
        <translation>Petakan topik ini…</translation>
    </message>
    <message>
        <source>{n} topics</source>
        <translation>{n} topik</translation>
    </message>
    <message>
        <source> · {n} messages dropped (topic limit)</source>
        <translation> · {n} pesan dibuang (batas topik)</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Nilai terakhir</translation>
    </message>
    <message>
        <source>Last payload</source>
        <translation>Payload terakhir</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Rate (msg/s)</source>
        <translation>Laju (pesan/s)</translation>
    </message>
    <message>
        <source>Retained</source>
        <translation>Retained</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(kosong)</translation>
    </message>
    <message>
        <source>Select a topic to see its last payload.</source>
        <translation>Pilih topik untuk melihat payload terakhirnya.</translation>
    </message>
    <message>
        <source>

… (cut: {kept} of {size} bytes kept)</source>
        <translation>

… (terpotong: {kept} dari {size} bait disimpan)</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>{topic}
Messages: {messages} · last value: {value} · {size} bytes · retained: {retained}
Last: {last}</source>
        <translation>{topic}
Pesan: {messages} · nilai terakhir: {value} · {size} bait · retained: {retained}
Terakhir: {last}</translation>
    </message>
    <message>
        <source>Place: {place}</source>
        <translation>Lokasi: {place}</translation>
    </message>
    <message>
        <source>Position refused: {why}</source>
        <translation>Posisi ditolak: {why}</translation>
    </message>
    <message>
        <source>Position: {where}</source>
        <translation>Posisi: {where}</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>tanpa data</translation>
    </message>
</context>
<context>
    <name>Unit</name>
    <message>
        <source>people</source>
        <translation>orang</translation>
    </message>
    <message>
        <source>users</source>
        <translation>pengguna</translation>
    </message>
    <message>
        <source>vehicles/5 min</source>
        <translation>kendaraan/5 menit</translation>
    </message>
    <message>
        <source>reports/h</source>
        <translation>laporan/jam</translation>
    </message>
    <message>
        <source>calls/h</source>
        <translation>panggilan/jam</translation>
    </message>
    <message>
        <source>min</source>
        <translation>menit</translation>
    </message>
    <message>
        <source>mm/h</source>
        <translation>mm/jam</translation>
    </message>
</context>
<context>
    <name>ValueTile</name>
    <message>
        <source>on</source>
        <translation>nyala</translation>
    </message>
    <message>
        <source>off</source>
        <translation>mati</translation>
    </message>
    <message>
        <source>no data for %n min</source>
        <translation>tidak ada data selama %n mnt</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>batas</translation>
    </message>
</context>
<context>
    <name>WallBanner</name>
    <message>
        <source>No incident awaits acknowledgement</source>
        <translation>Tidak ada insiden yang menunggu konfirmasi</translation>
    </message>
    <message>
        <source>⚠ {} ESCALATED</source>
        <translation>⚠ {} ESKALASI</translation>
    </message>
    <message>
        <source>{} UNACKNOWLEDGED</source>
        <translation>{} MENUNGGU KONFIRMASI</translation>
    </message>
    <message>
        <source>… and {} more</source>
        <translation>… dan {} lainnya</translation>
    </message>
</context>
<context>
    <name>WallMode</name>
    <message>
        <source>&amp;Wall mode</source>
        <translation>Mode &amp;dinding</translation>
    </message>
    <message>
        <source>Full screen on every monitor; Esc leaves</source>
        <translation>Layar penuh di setiap monitor; Esc untuk keluar</translation>
    </message>
</context>
<context>
    <name>WallStatus</name>
    <message>
        <source>Sync: no state reported</source>
        <translation>Sinkronisasi: status belum dilaporkan</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <source>Sync: {}</source>
        <translation>Sinkronisasi: {}</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>No dashboards configured</source>
        <translation>Tidak ada dasbor yang dikonfigurasi</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>DIJEDA</translation>
    </message>
    <message>
        <source>HELD</source>
        <translation>DITAHAN</translation>
    </message>
    <message>
        <source>Space: pause · ← →: page · Esc: leave</source>
        <translation>Spasi: jeda · ← →: halaman · Esc: keluar</translation>
    </message>
</context>
<context>
    <name>Shelving</name>
    <message>
        <source>Only a supervisor can shelve an alarm or end a shelf.</source>
        <translation>Hanya supervisor yang dapat menangguhkan alarm atau mengakhiri penangguhan.</translation>
    </message>
    <message>
        <source>Name the alarm rule to shelve.</source>
        <translation>Sebutkan aturan alarm yang akan ditangguhkan.</translation>
    </message>
    <message>
        <source>Shelve one series or one station, not both and not neither.</source>
        <translation>Tangguhkan satu seri atau satu stasiun, tidak keduanya dan tidak kosong.</translation>
    </message>
    <message>
        <source>A shelf must end after it begins.</source>
        <translation>Penangguhan harus berakhir setelah dimulai.</translation>
    </message>
    <message>
        <source>A shelf lasts at most 24 hours.</source>
        <translation>Penangguhan berlaku paling lama 24 jam.</translation>
    </message>
    <message>
        <source>Say why the alarm is shelved.</source>
        <translation>Sebutkan alasan alarm ditangguhkan.</translation>
    </message>
    <message>
        <source>The reason is too long (at most 500 characters).</source>
        <translation>Alasan terlalu panjang (paling banyak 500 karakter).</translation>
    </message>
    <message>
        <source>That alarm is not shelved any more.</source>
        <translation>Alarm itu sudah tidak ditangguhkan.</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 menit</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 jam</translation>
    </message>
    <message>
        <source>Until the end of the shift ({time})</source>
        <translation>Sampai akhir giliran jaga ({time})</translation>
    </message>
    <message>
        <source>station {station} (every series)</source>
        <translation>stasiun {station} (semua seri)</translation>
    </message>
    <message>
        <source>Shelve alarm {rule}</source>
        <translation>Tangguhkan alarm {rule}</translation>
    </message>
    <message>
        <source>Shelve</source>
        <translation>Tangguhkan</translation>
    </message>
    <message>
        <source>This series: {series}</source>
        <translation>Seri ini: {series}</translation>
    </message>
    <message>
        <source>The whole station: {station}</source>
        <translation>Seluruh stasiun: {station}</translation>
    </message>
    <message>
        <source>Why (required), e.g. sensor under maintenance</source>
        <translation>Alasan (wajib), mis. sensor sedang dirawat</translation>
    </message>
    <message>
        <source>Shelve for</source>
        <translation>Tangguhkan untuk</translation>
    </message>
    <message>
        <source>How long</source>
        <translation>Berapa lama</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>This incident names no series or station to shelve.</source>
        <translation>Insiden ini tidak menyebut seri atau stasiun untuk ditangguhkan.</translation>
    </message>
    <message>
        <source>Alarm rule</source>
        <translation>Aturan alarm</translation>
    </message>
    <message>
        <source>Shelved for</source>
        <translation>Ditangguhkan untuk</translation>
    </message>
    <message>
        <source>Shelved by</source>
        <translation>Ditangguhkan oleh</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>Akhiri sekarang</translation>
    </message>
    <message>
        <source>No alarm is shelved.</source>
        <translation>Tidak ada alarm yang ditangguhkan.</translation>
    </message>
    <message>
        <source>Select a shelved alarm first.</source>
        <translation>Pilih dulu alarm yang ditangguhkan.</translation>
    </message>
    <message>
        <source>Shelf ended: {rule} on {target}.</source>
        <translation>Penangguhan diakhiri: {rule} pada {target}.</translation>
    </message>
    <message>
        <source>Select an incident raised by an alarm.</source>
        <translation>Pilih insiden yang dibuat oleh alarm.</translation>
    </message>
    <message>
        <source>This incident was not raised by an alarm rule.</source>
        <translation>Insiden ini tidak dibuat oleh aturan alarm.</translation>
    </message>
    <message>
        <source>{count} shelved</source>
        <translation>{count} ditangguhkan</translation>
    </message>
    <message>
        <source>Shelved alarms</source>
        <translation>Alarm ditangguhkan</translation>
    </message>
    <message>
        <source>Shelved {rule} on {target} until {until}.</source>
        <translation>{rule} pada {target} ditangguhkan sampai {until}.</translation>
    </message>
    <message>
        <source>Shelved alarms…</source>
        <translation>Alarm ditangguhkan…</translation>
    </message>
    <message>
        <source>Shelve alarm…</source>
        <translation>Tangguhkan alarm…</translation>
    </message>
</context>
<context>
    <name>ThemeMenu</name>
    <message>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
</context>
<context>
    <name>Annunciation</name>
    <message>
        <source>Qt's audio cannot load ({}).</source>
        <translation>Audio Qt tidak dapat dimuat ({}).</translation>
    </message>
    <message>
        <source>This workstation has no audio output.</source>
        <translation>Workstation ini tidak memiliki keluaran audio.</translation>
    </message>
    <message>
        <source>{} waiting for acknowledgement</source>
        <translation>{} menunggu konfirmasi</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Diamkan</translation>
    </message>
    <message>
        <source>Stop the sound without acknowledging ({})</source>
        <translation>Hentikan bunyi tanpa mengonfirmasi ({})</translation>
    </message>
    <message>
        <source>Silence the alarm sound</source>
        <translation>Diamkan bunyi alarm</translation>
    </message>
    <message>
        <source>{severity} incident waits for acknowledgement</source>
        <translation>Insiden {severity} menunggu konfirmasi</translation>
    </message>
</context>
<context>
    <name>ScreenLock</name>
    <message>
        <source>Enter your password.</source>
        <translation>Masukkan kata sandi Anda.</translation>
    </message>
</context>
<context>
    <name>WhoIsHere</name>
    <message>
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>{user} ({role})</source>
        <translation>{user} ({role})</translation>
    </message>
    <message>
        <source>Quit the application</source>
        <translation>Keluar aplikasi</translation>
    </message>
    <message>
        <source>{} changes have not reached the server yet. They are sent the next time this console runs, not before. Quit the application anyway?</source>
        <translation>{} perubahan belum sampai ke server. Perubahan itu baru dikirim saat konsol ini dijalankan lagi. Tetap keluar aplikasi?</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Tetap bekerja</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>Signed in: {}</source>
        <translation>Masuk sebagai {}</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>Kunci layar</translation>
    </message>
    <message>
        <source>Locked by {}. Password:</source>
        <translation>Dikunci oleh {}. Kata sandi:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
</context>
</TS>
