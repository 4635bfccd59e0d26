from kehoach.launch import main

main()
